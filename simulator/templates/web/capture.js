// AudioWorklet: hands the microphone's samples to the page in blocks of about 40 ms; nothing else.
class Capture extends AudioWorkletProcessor {
  constructor() { super(); this.block = new Float32Array(2048); this.n = 0; }
  process(inputs) {
    const input = inputs[0] && inputs[0][0];
    if (input) {
      for (let i = 0; i < input.length; i++) {
        this.block[this.n++] = input[i];
        if (this.n === this.block.length) { this.port.postMessage(this.block.slice(0)); this.n = 0; }
      }
    }
    return true;
  }
}
registerProcessor("capture", Capture);
