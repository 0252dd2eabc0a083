// <certmark-badge mark="CM1:…" lang="zh-CN">: the verdict, issuer and holder of one mark,
// checked in the visitor's browser, with a link to the official verifier page carrying
// the mark in the fragment. One script tag defines it; the wasm loads once for every
// badge on the page. Shadow DOM with a constructed stylesheet: no CSS crosses either way,
// and no inline style, so the host page's strict CSP needs no 'unsafe-inline'.
//
// Attributes: mark (text form, QR form or link), lang (zh-CN or en; else the nearest
// lang, else the browser's), as-of (YYYY-MM-DD), verifier (the official verifier's URL;
// by default the site this script is served from).
// After each check the element carries code="…" and fires `certmark-verdict` (bubbling,
// composed) with the outcome as detail; code="error" if the verifier could not load.

// The wasm is the largest part: its download starts before the other modules are even
// fetched, hence no static import here.
const early = globalThis.document ? fetch(new URL('./pkg/certmark_bg.wasm', import.meta.url)) : null;
early?.catch(() => {}); // its failure is reported where it is awaited
const [{ verify, preload }, { VERDICTS, kindOf, ICON, visible }] = await Promise.all([
  import('./certmark.js'), import('./verdicts.js'), import('./pkg/certmark.js'),
]);
if (early) preload(early).catch(() => {}); // a failure shows on each badge, from verify

const WORDS = {
  'zh-CN': {
    label: '认证标志核验结果',
    checking: '正在核验…',
    failed: '无法核验',
    issuer: '认证机构：',
    holder: '持证组织：',
    demo: '演示数据，不代表真实认证',
    check: '到官方核验页自己核验',
    warnings: { // beside the verdict (Warning codes), the badge has no button to act on them
      'trust-data-expired': '核验所用的信任数据已于 {date} 过期，之后的变更未知。',
      'clock-before-issued': '本设备日期早于信任数据的发布日期（{date}），设备时钟可能不正确。',
      'not-covered': '撤销名单是截至 {date} 的登记册，不包含此证书：无法在此得知它是否已被撤销或暂停。',
    },
    other: { // by the kind of code that is not a mark (OtherCode)
      'gs1': '这是商品条码（GS1），不是带签名的认证标志，不能证明任何认证。',
      'web-link': '这是指向 {host} 的网址，不是认证标志，不能证明任何认证。',
      'unsafe-link': '这是一个不能打开的链接（{scheme}:），不是认证标志。',
    },
  },
  en: {
    label: 'Certification mark check',
    checking: 'Checking…',
    failed: 'Could not check',
    issuer: 'Issuer: ',
    holder: 'Holder: ',
    demo: 'Demo data, not a real certification',
    check: 'Check it yourself on the official verifier',
    warnings: {
      'trust-data-expired': 'The trust data this check used expired on {date}; changes since then are unknown.',
      'clock-before-issued': "This device's date is before the trust data's date ({date}): its clock may be wrong.",
      'not-covered': 'The revocation list is a register as of {date} that does not include this certificate: whether it was withdrawn or suspended is not known here.',
    },
    other: {
      'gs1': 'This is a product code (GS1), not a signed certification mark; it proves nothing about certification.',
      'web-link': 'This is a web link to {host}, not a certification mark; it proves nothing about certification.',
      'unsafe-link': 'This is a link that must not be opened ({scheme}:), not a certification mark.',
    },
  },
};

const CSS = `
:host { display: inline-block; vertical-align: top; max-width: 100%; content-visibility: auto; contain-intrinsic-size: auto 20em auto 6em; }
:host([hidden]) { display: none; }
.badge {
  all: initial; box-sizing: border-box; display: block; position: relative; max-width: 100%;
  padding: .45em .7em .45em 2.9em; border: 2px solid #8c959f; border-radius: .5em;
  background: #fff; color: #1b1f24; text-align: start; line-height: 1.4; font-size: 14px;
  font-family: system-ui, -apple-system, "PingFang SC", "Noto Sans CJK SC", "Microsoft YaHei", sans-serif;
}
.icon {
  position: absolute; left: .7em; top: .45em; width: 1.6em; height: 1.6em; line-height: 1.6em;
  text-align: center; border-radius: 50%; background: #8c959f; color: #fff; font-weight: 700;
}
.text, .head, .line, a { display: block; }
.verdict { font-weight: 700; font-size: 1.05em; }
.line { overflow-wrap: anywhere; unicode-bidi: isolate; }
.label { color: #57606a; }
.warning { color: #7d4e00; font-size: .9em; }
.demo { font-size: .85em; font-weight: 600; color: #7d4e00; background: #fff8c5; padding: 0 .3em; border-radius: .2em; }
a { color: #0550ae; font-size: .9em; }
a:focus-visible { outline: 2px solid #0969da; outline-offset: 1px; }
.good { border-color: #116329; background: #dafbe1; } .good .icon { background: #116329; }
.bad { border-color: #a40e26; background: #ffebe9; } .bad .icon { background: #a40e26; }
.unsure { border-color: #7d4e00; background: #fff8c5; } .unsure .icon { background: #7d4e00; }
`;

let sheet = null;
/** Styles a shadow root; returns the nodes to keep in it (none with a shared sheet). */
function styles(root) {
  if (typeof CSSStyleSheet === 'function' && 'replaceSync' in CSSStyleSheet.prototype && 'adoptedStyleSheets' in root) {
    if (!sheet) {
      sheet = new CSSStyleSheet();
      sheet.replaceSync(CSS);
    }
    root.adoptedStyleSheets = [sheet];
    return [];
  }
  const style = document.createElement('style'); // older browsers; needs the host's style-src
  style.textContent = CSS;
  return [style];
}

function el(tag, cls, text) {
  const e = document.createElement(tag);
  if (cls) e.className = cls;
  if (text !== undefined) e.textContent = visible(text);
  return e;
}

function icon(symbol) {
  const e = el('span', 'icon', symbol);
  e.setAttribute('aria-hidden', 'true'); // the words say it
  return e;
}

function language(node) {
  const l = (node.closest('[lang]')?.getAttribute('lang') || navigator.language || '').toLowerCase();
  return l.startsWith('en') ? 'en' : l.startsWith('zh') || !l ? 'zh-CN' : 'en';
}

/** The verifier page to link to: the attribute if it is an http(s) URL, else this script's site. */
function verifierUrl(attr) {
  try {
    const u = new URL(attr || '', document.baseURI);
    if (attr && (u.protocol === 'https:' || u.protocol === 'http:')) return u;
  } catch { /* fall through to the default */ }
  return new URL('../', import.meta.url);
}

function checkLink(mark, verifier) {
  const url = new URL(verifier);
  const s = (mark || '').trim();
  url.hash = s.includes('#') ? s.slice(s.indexOf('#') + 1) : s;
  return url.href;
}

const Base = globalThis.HTMLElement ?? class {}; // importable where there is no DOM (Node)

export class CertmarkBadge extends Base {
  static observedAttributes = ['mark', 'lang', 'as-of', 'verifier'];

  #root;
  #keep;
  #run = 0;

  constructor() {
    super();
    this.#root = this.attachShadow({ mode: 'open' });
    this.#keep = styles(this.#root);
  }

  connectedCallback() {
    this.#check();
  }

  attributeChangedCallback() {
    if (this.isConnected) this.#check();
  }

  async #check() {
    const run = ++this.#run;
    const mark = this.getAttribute('mark') || '';
    this.removeAttribute('code');
    // "Checking…" only if it is slow: drawing every badge twice delays them all.
    const slow = setTimeout(() => run === this.#run && this.#draw(WORDS[language(this)], null, mark), 400);
    let outcome = null;
    try {
      outcome = await verify(mark, { asOf: this.getAttribute('as-of') || undefined });
    } catch (e) {
      outcome = { code: 'error', message: String(e && e.message) };
    }
    clearTimeout(slow);
    if (run !== this.#run) return; // a newer mark or language is being shown
    this.#draw(WORDS[language(this)], outcome, mark);
    this.setAttribute('code', outcome.code);
    this.dispatchEvent(new CustomEvent('certmark-verdict', { detail: outcome, bubbles: true, composed: true }));
  }

  #draw(words, outcome, mark) {
    const lang = words === WORDS.en ? 'en' : 'zh-CN';
    const box = el('div', 'badge');
    box.setAttribute('part', 'badge');
    box.setAttribute('role', 'group');
    box.setAttribute('aria-label', words.label);
    box.lang = lang;
    const text = el('span', 'text');
    if (!outcome) {
      text.append(el('span', 'verdict', words.checking));
      box.setAttribute('aria-busy', 'true');
    } else if (outcome.code === 'error') {
      box.classList.add('unsure');
      box.append(icon(ICON.unsure));
      text.append(el('span', 'verdict', words.failed));
    } else {
      const kind = kindOf(outcome.code);
      box.classList.add(kind);
      box.append(icon(ICON[kind]));
      const title = el('span', 'head');
      title.append(el('span', 'verdict', (VERDICTS[lang][outcome.code] ?? [outcome.code])[0]));
      if (outcome.demo) title.append(' ', el('span', 'demo', words.demo));
      text.append(title);
      // Not a mark: what the code is instead, as text (a link's host spelled out, never a link).
      const other = outcome.other && words.other[outcome.other.kind];
      if (other) {
        const { host = '', scheme = '' } = outcome.other;
        const said = other.replace('{host}', () => host).replace('{scheme}', () => scheme);
        const line = el('span', 'line');
        line.dataset.other = outcome.other.kind;
        line.append(visible(said));
        text.append(line);
      }
      // Names only once the signature verified; a forged mark's claims are not shown.
      if (outcome.claims) {
        if (outcome.issuer) text.append(this.#line(words.issuer, lang === 'en' ? outcome.issuer.name.en : outcome.issuer.name.zh));
        text.append(this.#line(words.holder, outcome.claims.holder));
      }
      // What the verdict cannot say here (old trust data, a wrong clock, a certificate the
      // revocation list does not cover), in words: never by the colour alone.
      for (const w of outcome.warnings ?? []) {
        const said = words.warnings[w.code];
        if (!said) continue;
        const line = el('span', 'line warning', `⚠ ${said.replace('{date}', () => w.expires ?? w.issued ?? w.register ?? '')}`);
        line.dataset.warning = w.code;
        text.append(line);
      }
    }
    const link = el('a', '', words.check);
    link.href = checkLink(mark, verifierUrl(this.getAttribute('verifier')));
    link.target = '_blank';
    link.rel = 'noopener';
    text.append(link);
    box.append(text);
    this.#root.replaceChildren(...this.#keep, box);
  }

  // Whole, wrapped: the holder is what a reader compares with the item, and a tooltip
  // with the rest is out of reach on a touch screen.
  #line(label, value) {
    const line = el('span', 'line');
    line.append(el('span', 'label', label), visible(value));
    return line;
  }
}

if (globalThis.customElements && !customElements.get('certmark-badge')) {
  customElements.define('certmark-badge', CertmarkBadge);
}
