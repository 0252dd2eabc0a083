// The example product listing: the badges need nothing from here; this only switches
// the language of the page and of its badges (their lang attribute).

import { t, lang, setLang, applyStatic } from './i18n.js';
import './i18n-more.js';

function render() {
  applyStatic();
  document.title = `${t('shopTitle')} · certmark`;
  const button = document.getElementById('lang');
  button.textContent = t('switchTo');
  button.lang = lang() === 'en' ? 'zh-CN' : 'en';
  for (const badge of document.querySelectorAll('certmark-badge')) badge.setAttribute('lang', lang());
}

document.getElementById('lang').addEventListener('click', () => {
  setLang(lang() === 'en' ? 'zh-CN' : 'en');
  render();
});
render();
