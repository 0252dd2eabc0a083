// Starts compiling the verifier's wasm as soon as the HTML names it, while the page's
// modules are still arriving; app.js instantiates the compiled module (or, if this
// failed, fetches the wasm itself).
self.certmarkVerifier = WebAssembly.compileStreaming(fetch('pkg/certmark_bg.wasm'));
self.certmarkVerifier.catch(() => {}); // app.js decides what a failure means
