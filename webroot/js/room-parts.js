// The parts of a room's page around the chat itself: who is here, who is typing, where the reader is in the
// conversation, a hidden tab's unread count and sound, and still images for people who asked for less motion.
'use strict';

(function () {
  const t = Texts.t;
  const TYPING_SEND_EVERY_MS = 3000;
  const TYPING_SHOWN_MS = 6000;
  const NEAR_BOTTOM_PX = 40;
  const SOUND_KEY = 'gifchat.sound';

  function nameOf(colour, myColour) {
    const name = Texts.colourName(colour);
    return colour === myColour ? t('room.you', name) : name;
  }

  // The people in the room: the list the server has once the page is in, then its joined and left notices. Notices
  // that arrive while the list is on its way are applied again on top of it, so none is lost to the race.
  function people(element, roomId, myColour) {
    let present = [];
    let pending = null;

    function render() {
      element.replaceChildren(...present.map(colour => {
        const li = document.createElement('li');
        li.dataset.colour = colour;
        const swatch = GifChat.swatch(colour);
        swatch.setAttribute('aria-hidden', 'true');
        li.append(swatch, ' ', nameOf(colour, myColour));
        if (colour === myColour) {
          li.className = 'me';
        }
        return li;
      }));
    }

    function apply(event, colours) {
      colours.forEach(colour => {
        const at = present.indexOf(colour);
        if (event === 'joined' && at < 0) {
          present.push(colour);
        } else if (event !== 'joined' && at >= 0) {
          present.splice(at, 1);
        }
      });
    }

    function changed(event, colours) {
      if (pending) {
        pending.push([event, colours]);
      }
      apply(event, colours);
      render();
    }

    function refresh() {
      pending = [];
      return fetch('/api/rooms/' + encodeURIComponent(roomId) + '/people', {credentials: 'same-origin'})
        .then(response => response.ok ? response.json() : Promise.reject(response.status))
        .then(body => {
          present = body.people.map(person => person.colour);
          pending.forEach(change => apply(change[0], change[1]));
          render();
          return present.length;
        })
        .catch(() => {
          // the notices keep the list as it was; the next entry asks again
          return null;
        })
        .finally(() => {
          pending = null;
        });
    }

    return {refresh: refresh, changed: changed};
  }

  // "Red is typing…": this page says so at most every few seconds while its person types; others' signals show for
  // a few seconds after the last, or until that person's message arrives. Never this page's own person.
  function typing(element, roomId, myColour) {
    const typers = new Map();
    let lastSent = 0;
    let timer = null;

    function render() {
      const now = Date.now();
      typers.forEach((until, colour) => {
        if (until <= now) {
          typers.delete(colour);
        }
      });
      const names = Array.from(typers.keys()).map(colour => Texts.colourName(colour));
      element.textContent = names.length === 0 ? ''
        : names.length === 1 ? t('room.typing.1', names[0])
        : names.length === 2 ? t('room.typing.2', names[0], names[1])
        : t('room.typing.n', names[0], names.length - 1);
      clearTimeout(timer);
      if (typers.size > 0) {
        timer = setTimeout(render, Math.min(...typers.values()) - now + 50);
      }
    }

    return {
      typed(eventBus) {
        const now = Date.now();
        if (now - lastSent >= TYPING_SEND_EVERY_MS) {
          lastSent = now;
          eventBus.send('chat.typing', {roomId: roomId});
        }
      },
      signal(colour) {
        if (colour !== myColour) {
          typers.delete(colour);
          typers.set(colour, Date.now() + TYPING_SHOWN_MS);
          render();
        }
      },
      stopped(colour) {
        if (typers.delete(colour)) {
          render();
        }
      }
    };
  }

  // Keeps the view at the newest message only for a reader who is there; one who scrolled up to read keeps their
  // place and gets a "new messages" pill that takes them down.
  function reading(list, pill) {
    let atEnd = true;

    function nearEnd() {
      return list.scrollHeight - list.scrollTop - list.clientHeight <= NEAR_BOTTOM_PX;
    }

    function toEnd() {
      list.scrollTop = list.scrollHeight;
      atEnd = true;
      pill.hidden = true;
    }

    list.addEventListener('scroll', function () {
      atEnd = nearEnd();
      if (atEnd) {
        pill.hidden = true;
      }
    });
    pill.addEventListener('click', function () {
      toEnd();
      list.focus();
    });

    return {
      toEnd: toEnd,
      added() {
        if (atEnd) {
          toEnd();
        } else {
          pill.hidden = false;
        }
      },
      atBottomIfWas() {
        if (atEnd) {
          toEnd();
        }
      }
    };
  }

  // While the tab is hidden, its title counts the messages that came; a sound, if the person turned it on here.
  function attention(soundBox) {
    const title = document.title;
    let unseen = 0;
    let audio = null;
    soundBox.checked = localStorage.getItem(SOUND_KEY) === 'on';
    soundBox.addEventListener('change', function () {
      localStorage.setItem(SOUND_KEY, soundBox.checked ? 'on' : 'off');
    });
    document.addEventListener('visibilitychange', function () {
      if (!document.hidden) {
        unseen = 0;
        document.title = title;
      }
    });

    function chime() {
      try {
        audio = audio || new AudioContext();
        const tone = audio.createOscillator();
        const volume = audio.createGain();
        tone.frequency.value = 880;
        volume.gain.setValueAtTime(0.08, audio.currentTime);
        volume.gain.exponentialRampToValueAtTime(0.0001, audio.currentTime + 0.25);
        tone.connect(volume).connect(audio.destination);
        tone.start();
        tone.stop(audio.currentTime + 0.25);
      } catch (e) {
        // no sound where the browser has none to give
      }
    }

    return {
      unseen() {
        if (document.hidden) {
          unseen += 1;
          document.title = t('room.unread', unseen, title);
        }
        if (soundBox.checked) {
          chime();
        }
      }
    };
  }

  // For people who asked their system for less motion, an animated image shows its first frame until clicked.
  function stillUntilClicked(img, contentType) {
    const animated = contentType === 'image/gif' || contentType === 'image/webp';
    if (!animated || !window.matchMedia('(prefers-reduced-motion: reduce)').matches) {
      return img;
    }
    img.loading = 'eager';
    const button = document.createElement('button');
    button.type = 'button';
    button.className = 'still';
    button.setAttribute('aria-label', t('room.imagePlay') + ': ' + img.alt);
    const canvas = document.createElement('canvas');
    canvas.width = img.width;
    canvas.height = img.height;
    canvas.className = 'gif';
    img.addEventListener('load', () => canvas.getContext('2d').drawImage(img, 0, 0, canvas.width, canvas.height), {once: true});
    button.append(canvas);
    button.addEventListener('click', () => button.replaceWith(img), {once: true});
    return button;
  }

  Object.assign(GifChat, {people: people, typing: typing, reading: reading, attention: attention, stillUntilClicked: stillUntilClicked});
})();
