// Types of <certmark-badge> (badge.js). Importing the module defines the element.
import type { Outcome } from './certmark.js';

/** The outcome of a badge's check, or `code: "error"` if the verifier could not load. */
export type BadgeVerdict = Outcome | { code: 'error'; message: string };

export class CertmarkBadge extends HTMLElement {
  static observedAttributes: string[];
}

declare global {
  interface HTMLElementTagNameMap {
    'certmark-badge': CertmarkBadge;
  }
  interface HTMLElementEventMap {
    'certmark-verdict': CustomEvent<BadgeVerdict>;
  }
}
