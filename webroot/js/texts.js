// The page's words in its reader's language (the server puts the catalogue in #texts), and people's colour names.
'use strict';

window.Texts = (function () {
  const element = document.getElementById('texts');
  const texts = element ? JSON.parse(element.textContent) : {};

  // t('room.joined.1', 'Red') fills {0}, {1}… in the catalogue's text; an unknown key reads as itself
  function t(key) {
    const args = Array.prototype.slice.call(arguments, 1);
    const pattern = Object.prototype.hasOwnProperty.call(texts, key) ? texts[key] : key;
    return pattern.replace(/\{(\d+)\}/g, (whole, index) => index < args.length ? String(args[index]) : whole);
  }

  function has(key) {
    return Object.prototype.hasOwnProperty.call(texts, key);
  }

  function capitalised(text) {
    return text.charAt(0).toUpperCase() + text.slice(1);
  }

  // A colour's name ("Dark blue"), so that nobody needs to tell colours apart: the twelve hues of the colour wheel,
  // and the three lightnesses the server picks identities from (com.gifchat.identity.Identity).
  function colourName(hex) {
    const match = /^#([0-9a-f]{2})([0-9a-f]{2})([0-9a-f]{2})$/i.exec(hex || '');
    if (!match) {
      return hex || '';
    }
    const [r, g, b] = match.slice(1).map(part => parseInt(part, 16) / 255);
    const max = Math.max(r, g, b);
    const min = Math.min(r, g, b);
    const lightness = (max + min) / 2;
    let hue = 0;
    if (max !== min) {
      const range = max - min;
      hue = max === r ? ((g - b) / range) % 6 : max === g ? (b - r) / range + 2 : (r - g) / range + 4;
      hue = (hue * 60 + 360) % 360;
    }
    const name = t('colour.' + (Math.round(hue / 30) % 12));
    const shaded = lightness < 0.4 ? t('colour.shade.dark', name) : lightness > 0.5 ? t('colour.shade.light', name) : name;
    return capitalised(shaded);
  }

  // What a person reads about a refusal. The server's words are English and written for people; in another language,
  // the catalogue's words for its kind. For input the server refused, its exact reason.
  function failure(code, serverMessage) {
    if (document.documentElement.lang === 'en' && serverMessage) {
      return serverMessage;
    }
    if (code === 4290) {
      const wait = /(\d+) (s|min|h)\b/.exec(serverMessage || '');
      return wait ? t('failure.4290', t('unit.' + wait[2], wait[1])) : serverMessage;
    }
    if (code !== 4000 && has('failure.' + code)) {
      return t('failure.' + code);
    }
    return serverMessage || t('failure.5000');
  }

  // What to do next after a refusal that keeps a person out of a room, if there is anything to say.
  function nextStep(code) {
    return has('failure.next.' + code) ? t('failure.next.' + code) : '';
  }

  return {t: t, colourName: colourName, failure: failure, nextStep: nextStep};
})();
