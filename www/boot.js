// Starts compiling the verifier's wasm as soon as the HTML names it, while the page's
// modules are still arriving; app.js instantiates the compiled module (or, if this
// failed, fetches the wasm itself).
self.certmarkVerifier = WebAssembly.compileStreaming(fetch('pkg/certmark_bg.wasm'));
self.certmarkVerifier.catch(() => {}); // app.js decides what a failure means
// index.css holds the page below the verdict back until app.js shows it; should app.js
// never run, it comes back after 3 s.
setTimeout(() => document.documentElement.classList.add('shown'), 3000);
