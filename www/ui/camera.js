// Live camera scanning: rear camera preferred, camera switching, torch where the track
// offers it, frames decoded in the scan worker one at a time; stops on the first mark,
// or with `continuous` (stock checks) reports the mark in every frame and keeps going.
// Usage: const cam = new Camera({ video, onMark, onNotMark, continuous }); await cam.start();
// Pattern: buttons with visible labels; messages in a role=status region.

import { scanImageData } from '../scanner.js';
import { looksLikeMark } from '../embed/rules.js';

/** Why the camera cannot be used, as an i18n key. */
export function cameraProblem(error) {
  if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) return 'cameraBlocked';
  switch (error && error.name) {
    case 'NotAllowedError':
    case 'SecurityError':
      return 'cameraDenied';
    case 'NotFoundError':
    case 'OverconstrainedError':
    case 'NotReadableError':
      return 'cameraMissing';
    default:
      return 'cameraError';
  }
}

export class Camera {
  #video;
  #onMark;
  #onNotMark;
  #stream = null;
  #running = false;
  #deviceIndex = -1;
  #torchOn = false;
  #continuous;
  #canvas = document.createElement('canvas');

  constructor({ video, onMark, onNotMark = () => {}, continuous = false }) {
    this.#video = video;
    this.#onMark = onMark;
    this.#onNotMark = onNotMark;
    this.#continuous = continuous;
  }

  get running() {
    return this.#running;
  }

  /** Opens a camera (rear preferred, or the given device) and starts scanning. */
  async start(deviceId) {
    if (!navigator.mediaDevices || !navigator.mediaDevices.getUserMedia) {
      throw Object.assign(new Error('no camera API'), { name: 'NoApi' });
    }
    this.stop();
    const video = deviceId
      ? { deviceId: { exact: deviceId }, width: { ideal: 1280 }, height: { ideal: 720 } }
      : { facingMode: { ideal: 'environment' }, width: { ideal: 1280 }, height: { ideal: 720 } };
    this.#stream = await navigator.mediaDevices.getUserMedia({ video, audio: false });
    this.#video.srcObject = this.#stream;
    await this.#video.play();
    this.#running = true;
    this.#loop();
  }

  /** Whether the current camera has a torch. */
  hasTorch() {
    const track = this.#stream && this.#stream.getVideoTracks()[0];
    const caps = track && track.getCapabilities ? track.getCapabilities() : {};
    return Boolean(caps.torch);
  }

  async toggleTorch() {
    const track = this.#stream && this.#stream.getVideoTracks()[0];
    if (!track) return;
    this.#torchOn = !this.#torchOn;
    await track.applyConstraints({ advanced: [{ torch: this.#torchOn }] });
  }

  /** Moves to the next camera, if there is more than one. */
  async switchCamera() {
    const devices = (await navigator.mediaDevices.enumerateDevices()).filter((d) => d.kind === 'videoinput');
    if (devices.length < 2) return false;
    this.#deviceIndex = (this.#deviceIndex + 1) % devices.length;
    await this.start(devices[this.#deviceIndex].deviceId);
    return true;
  }

  stop() {
    this.#running = false;
    if (this.#stream) for (const track of this.#stream.getTracks()) track.stop();
    this.#stream = null;
    this.#video.srcObject = null;
  }

  async #loop() {
    while (this.#running) {
      const v = this.#video;
      if (v.readyState >= 2 && v.videoWidth > 0) {
        this.#canvas.width = v.videoWidth;
        this.#canvas.height = v.videoHeight;
        const ctx = this.#canvas.getContext('2d', { willReadFrequently: true });
        ctx.drawImage(v, 0, 0);
        const frame = ctx.getImageData(0, 0, v.videoWidth, v.videoHeight);
        let codes = [];
        try {
          codes = await scanImageData(frame);
        } catch (e) {
          this.stop();
          throw e;
        }
        const mark = codes.find(looksLikeMark);
        if (mark && this.#running && this.#continuous) {
          this.#onMark(mark);
        } else if (mark && this.#running) {
          this.stop();
          this.#onMark(mark);
          return;
        }
        if (codes.length) this.#onNotMark(codes[0]);
      }
      await new Promise((r) => setTimeout(r, 30));
    }
  }
}
