"""`mock-interview serve`: the local web app (practice, history, score files) in the browser."""

from __future__ import annotations

import argparse
import math
import socket
import sys

from .. import config

HELP = "practise, look back and score files in the browser (a local web app)"
EPILOG = """\
The app runs on this machine only: it binds to 127.0.0.1 on a free port, and every request needs the
token in the link it prints and opens. Stop it with Ctrl-C.

examples:
  mock-interview serve
  mock-interview serve --port 8765 --no-browser
  mock-interview serve --voice pyttsx3 --follow-ups 0
"""


def register(sub) -> None:
    p = sub.add_parser("serve", help=HELP, description=HELP[0].upper() + HELP[1:] + ".", epilog=EPILOG,
                       formatter_class=argparse.RawDescriptionHelpFormatter)
    p.add_argument("--host", default=config.SERVE_HOST, metavar="ADDRESS",
                   help="address to listen on (default: %(default)s; anything else is reachable from other machines)")
    p.add_argument("--port", type=int, default=0, metavar="N", help="port (default: a free one)")
    p.add_argument("--no-browser", action="store_true", help="print the link; do not open a browser")
    p.add_argument("--question", default=None, metavar="ID", help="which question to ask (default: career-goals)")
    p.add_argument("--voice", default=None, metavar="ENGINE", help="TTS engine: piper, pyttsx3 or auto")
    p.add_argument("--no-speak", action="store_true", help="show the question and feedback; play nothing")
    p.add_argument("--follow-ups", type=int, default=config.FOLLOW_UPS, metavar="N",
                   help="follow-up questions on the biggest gap (default: %(default)s; 0: none)")
    p.add_argument("--max-seconds", type=float, default=config.MAX_ANSWER_SECONDS, metavar="S",
                   help="longest answer (default: %(default)g)")
    p.add_argument("--silence-seconds", type=float, default=config.SILENCE_SECONDS, metavar="S",
                   help="silence after speaking that ends the answer (default: %(default)g)")
    p.add_argument("--max-upload-mb", type=float, default=config.MAX_UPLOAD_BYTES / 1e6, metavar="MB",
                   help="largest file the Score files page takes (default: %(default)g)")
    p.set_defaults(func=run)


def run(args) -> int:
    for bad, message in ((not 0 <= args.port <= 65535, "--port must be 0 to 65535"),
                         (not 0 < args.max_seconds < math.inf, "--max-seconds must be more than 0 and finite"),
                         (not 0 < args.silence_seconds < math.inf, "--silence-seconds must be more than 0 and finite"),
                         (args.follow_ups < 0, "--follow-ups must be 0 or more"),
                         (not 0 < args.max_upload_mb < math.inf, "--max-upload-mb must be more than 0")):
        if bad:
            print(f"mock-interview serve: error: {message}", file=sys.stderr)
            return 2
    import uvicorn

    from ..serve import ServeOptions, make_app
    from ..session import PracticeOptions

    try:
        sock = _bind(args.host, args.port)
    except OSError as e:
        print(f"mock-interview serve: error: cannot listen on {args.host}:{args.port} ({e.strerror or e})",
              file=sys.stderr)
        return 1
    if args.host not in ("127.0.0.1", "localhost", "::1"):
        print(f"mock-interview serve: warning: listening on {args.host}: other machines can reach this app "
              "(they still need the token)", file=sys.stderr)
    practice = PracticeOptions(question_id=args.question, voice=args.voice, speak=not args.no_speak,
                               max_seconds=args.max_seconds, silence_seconds=args.silence_seconds,
                               follow_ups=args.follow_ups)
    opts = ServeOptions(port=sock.getsockname()[1], host=args.host, practice=practice,
                        max_upload_bytes=int(args.max_upload_mb * 1e6))
    app = make_app(opts)
    print(f"mock-interview is at {opts.url()}", flush=True)
    if not args.no_browser:
        import webbrowser

        if not webbrowser.open(opts.url()):
            print("no web browser found; open the link above by hand", file=sys.stderr)
    level = "info" if args.verbose else "warning"
    server = uvicorn.Server(uvicorn.Config(app, log_level=level, access_log=args.verbose > 1, lifespan="on"))
    server.run(sockets=[sock])
    return 0


def _bind(host: str, port: int) -> socket.socket:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    sock.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
    sock.bind((host, port))
    sock.listen(128)
    sock.set_inheritable(True)
    return sock
