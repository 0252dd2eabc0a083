// File choosers whose input is visually hidden behind a label styled as a button (the
// label shows the focus, index.css): Enter opens the picker as Space does, as people
// expect of a button. Usage: enterOpensPicker(document.getElementById('photo'));

/** Makes Enter on a focused file input open its picker. */
export function enterOpensPicker(input) {
  input.addEventListener('keydown', (e) => {
    if (e.key !== 'Enter' || e.repeat) return;
    e.preventDefault();
    input.click();
  });
}
