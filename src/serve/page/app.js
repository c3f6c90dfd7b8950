// Faktabot's chat page. Plain JavaScript, no build step, no framework.
//
// Everything the server or the user sends is inserted with textContent and
// createElement, never as markup. The conversation is kept for the tab in
// sessionStorage, as data, and drawn again the same way on reload.
(function () {
  'use strict';

  const SHEET_URL =
    'https://www.digdir.no/digital-samhandling/faktaark-med-beskrivelser-av-samordning-av-digitalisering-i-hver-sektor/7668';
  const API = '/api/ask';
  const MAX_CHARS = 2000;
  const MAX_ENTRIES = 80;
  const TIMEOUT_MS = 30000;
  const KEY_CHAT = 'faktabot.chat';
  const KEY_LOG = 'faktabot.log';

  const STRINGS = {
    nb: {
      title: 'Faktabot – samordning av digitalisering i hver sektor',
      description:
        'Faktabot svarer på spørsmål om Digitaliseringsdirektoratets faktaark om samordning av digitalisering i hver sektor.',
      skip: 'Hopp til spørsmålsfeltet',
      botName: 'Faktabot',
      tagline:
        'Spør om hvordan departementene samordner digitalisering i sin sektor. Svarene kommer fra Digdirs faktaark.',
      introHeading: 'Hva lurer du på?',
      introText:
        'Spør om en sektor, et departement eller en etat: hvem som eier hva, strategier, finansiering, porteføljer og samordning. Faktabot svarer bare ut fra faktaarket og sier fra når arket ikke har svaret.',
      examplesHeading: 'Prøv for eksempel',
      examples: [
        'Hvem eier NVE?',
        'Hvordan finansieres digitalisering i helsesektoren?',
        'Hvilke strategier har KD?',
        'Hvilke sektorer mangler en offentlig portefølje?',
        'Hva er Stimulab?',
        'Hvilke sektorer omtaler faktaarket?',
      ],
      logLabel: 'Samtale',
      inputLabel: 'Ditt spørsmål',
      placeholder: 'Skriv spørsmålet ditt',
      hint: 'Trykk Enter for å sende. Ikke skriv personopplysninger.',
      submit: 'Spør',
      newChat: 'Ny samtale',
      newChatDone: 'Ny samtale startet.',
      you: 'Du spurte:',
      bot: 'svarer:',
      answerHeading: 'Svar',
      pending: 'Faktabot leter i faktaarket',
      actionsLabel: 'Spør videre',
      candidatesLabel: 'Mente du',
      suggestionsLabel: 'Forslag til neste spørsmål',
      errorRate: 'Du spør litt for raskt. Vent litt, og prøv igjen.',
      errorRateSeconds: 'Du spør litt for raskt. Vent {n} sekunder, og prøv igjen.',
      errorRateSecond: 'Du spør litt for raskt. Vent et sekund, og prøv igjen.',
      errorTooLong: 'Spørsmålet er for langt. Gjør det kortere, og prøv igjen.',
      errorGeneric: 'Beklager, noe gikk galt, så jeg fikk ikke svart. Prøv igjen om litt.',
      errorNetwork: 'Jeg fikk ikke kontakt med Faktabot. Sjekk nettforbindelsen, og prøv igjen.',
      retry: 'Prøv igjen',
      errorLabel: 'Feilmelding:',
      footerSourcePrefix: 'Kilde:',
      footerSource: 'Digitaliseringsdirektoratet',
      footerSheet: ', «Faktaark om samordning av digitalisering i hver sektor».',
      footerNote: 'Faktabot kan ta feil. Sjekk viktige opplysninger i faktaarket.',
    },
    en: {
      title: 'Faktabot – coordination of digitalisation in each sector',
      description:
        "Faktabot answers questions about the Norwegian Digitalisation Agency's fact sheet on how digitalisation is coordinated in each sector.",
      skip: 'Skip to the question box',
      botName: 'Faktabot',
      tagline:
        'Ask how the ministries coordinate digitalisation in their sectors. The answers come from Digdir’s fact sheet.',
      introHeading: 'What would you like to know?',
      introText:
        'Ask about a sector, a ministry or an agency: who owns what, strategies, funding, portfolios and coordination. Faktabot answers from the fact sheet only, and says so when the sheet has no answer.',
      examplesHeading: 'Try for example',
      examples: [
        'Which ministry owns NVE?',
        'How is digitalisation funded in the health sector?',
        'What strategies does KD have?',
        'Which sectors lack a public portfolio?',
        'What is Stimulab?',
        'Which sectors does the fact sheet cover?',
      ],
      logLabel: 'Conversation',
      inputLabel: 'Your question',
      placeholder: 'Type your question',
      hint: 'Press Enter to send. Do not enter personal data.',
      submit: 'Ask',
      newChat: 'New conversation',
      newChatDone: 'New conversation started.',
      you: 'You asked:',
      bot: 'answers:',
      answerHeading: 'Answer',
      pending: 'Faktabot is searching the fact sheet',
      actionsLabel: 'Ask next',
      candidatesLabel: 'Did you mean',
      suggestionsLabel: 'Suggested next questions',
      errorRate: 'You are asking a little too fast. Please wait a moment and try again.',
      errorRateSeconds: 'You are asking a little too fast. Please wait {n} seconds and try again.',
      errorRateSecond: 'You are asking a little too fast. Please wait a second and try again.',
      errorTooLong: 'The question is too long. Please shorten it and try again.',
      errorGeneric: 'Sorry, something went wrong and I could not answer. Please try again in a moment.',
      errorNetwork: 'I could not reach Faktabot. Please check your connection and try again.',
      retry: 'Try again',
      errorLabel: 'Error:',
      footerSourcePrefix: 'Source:',
      footerSource: 'Digitaliseringsdirektoratet',
      footerSheet: ' (the Norwegian Digitalisation Agency), «Faktaark om samordning av digitalisering i hver sektor».',
      footerNote: 'Faktabot can be wrong. Check important facts in the fact sheet.',
    },
  };

  // The words around a source line follow the answer's own language.
  const SOURCE_WORDS = {
    nb: { prefix: 'Kilde:', sheet: 'Faktaark' },
    nn: { prefix: 'Kjelde:', sheet: 'Faktaark' },
    en: { prefix: 'Source:', sheet: 'Fact sheet' },
  };

  const root = document.documentElement;
  const pageLang = /^en\b/i.test(root.lang || '') ? 'en' : 'nb';
  if (root.lang !== pageLang) root.lang = pageLang;
  const T = STRINGS[pageLang];

  const $ = (id) => document.getElementById(id);
  const log = $('log');
  const form = $('ask-form');
  const input = $('question');
  const submit = $('submit');
  const intro = $('intro');
  const newChat = $('new-chat');
  const status = $('status');
  const examples = $('examples');

  const reduceMotion = window.matchMedia && window.matchMedia('(prefers-reduced-motion: reduce)');

  let busy = false;
  let seq = 0;
  let entries = [];

  // ----- small helpers ---------------------------------------------------

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text !== undefined && text !== null) node.textContent = String(text);
    return node;
  }

  function fmt(template, vars) {
    return template.replace(/\{(\w+)\}/g, (m, k) => (k in vars ? String(vars[k]) : m));
  }

  const isText = (v) => typeof v === 'string' && v.trim() !== '';
  // The sheet's address as the server gives it; only plain https links.
  const isSheetUrl = (v) => typeof v === 'string' && /^https:\/\/[^\s"'<>]+$/.test(v);
  const arr = (v) => (Array.isArray(v) ? v : []);

  function storageGet(key) {
    try {
      return window.sessionStorage.getItem(key);
    } catch (e) {
      return null;
    }
  }

  function storageSet(key, value) {
    try {
      window.sessionStorage.setItem(key, value);
      return true;
    } catch (e) {
      return false;
    }
  }

  function storageRemove(key) {
    try {
      window.sessionStorage.removeItem(key);
    } catch (e) {
      /* storage unavailable: nothing to remove */
    }
  }

  function randomId() {
    const bytes = new Uint8Array(12);
    (window.crypto || window.msCrypto).getRandomValues(bytes);
    return Array.from(bytes, (b) => b.toString(16).padStart(2, '0')).join('');
  }

  function chatId() {
    let id = storageGet(KEY_CHAT);
    if (!id || !/^web-[A-Za-z0-9_-]{1,64}$/.test(id)) {
      id = 'web-' + randomId();
      storageSet(KEY_CHAT, id);
    }
    return id;
  }

  function scrollBehavior() {
    return reduceMotion && reduceMotion.matches ? 'auto' : 'smooth';
  }

  // ----- the page's own strings ------------------------------------------

  function applyStrings() {
    document.title = T.title;
    const meta = document.querySelector('meta[name="description"]');
    if (meta) meta.setAttribute('content', T.description);
    document.querySelectorAll('[data-i18n]').forEach((node) => {
      const value = T[node.getAttribute('data-i18n')];
      if (typeof value === 'string') node.textContent = value;
    });
    input.placeholder = T.placeholder;
    input.maxLength = MAX_CHARS;
    examples.querySelectorAll('button[data-example]').forEach((button) => {
      const text = T.examples[Number(button.getAttribute('data-example'))];
      if (text) button.textContent = text;
    });
  }

  // ----- replies as data -------------------------------------------------

  // Plain answer text into parts: blank lines split paragraphs, "• " lines
  // make lists.
  function partsFromText(text) {
    const parts = [];
    String(text || '')
      .split(/\n\s*\n/)
      .forEach((block) => {
        let para = [];
        let list = [];
        const flushPara = () => {
          if (para.length) parts.push({ kind: 'paragraph', content: para.join(' ') });
          para = [];
        };
        const flushList = () => {
          if (list.length) parts.push({ kind: 'list', content: list });
          list = [];
        };
        block.split('\n').forEach((raw) => {
          const line = raw.trim();
          if (!line) return;
          const bullet = /^[•\-*]\s+(.*)$/.exec(line);
          if (bullet) {
            flushPara();
            list.push(bullet[1]);
          } else {
            flushList();
            para.push(line);
          }
        });
        flushPara();
        flushList();
      });
    return parts;
  }

  function slimPart(p) {
    if (!p || typeof p !== 'object') return null;
    if ((p.kind === 'paragraph' || p.kind === 'heading') && isText(p.content)) {
      return { kind: p.kind, content: p.content };
    }
    if (p.kind === 'list') {
      const items = arr(p.content).filter(isText);
      return items.length ? { kind: 'list', content: items } : null;
    }
    return null;
  }

  // Keeps what the page shows, checked, so that the stored log holds only
  // plain data of known shape.
  function slimReply(r) {
    const out = { lang: isText(r.lang) ? r.lang : '' };
    if (isText(r.title)) out.title = r.title;
    if (isSheetUrl(r.source_url)) out.url = r.source_url;
    out.sources = arr(r.sources)
      .map((s) => {
        if (isText(s)) return s;
        if (!s || typeof s !== 'object') return '';
        if (isText(s.label)) return s.label;
        return [s.sector, s.section].filter(isText).join(' › ');
      })
      .filter(isText);
    out.parts = arr(r.parts).map(slimPart).filter(Boolean);
    if (!out.parts.length && isText(r.answer)) {
      let parts = partsFromText(r.answer);
      // The plain answer repeats the title first and the source lines last.
      if (out.title && parts.length && parts[0].kind === 'paragraph' && parts[0].content === out.title) {
        parts = parts.slice(1);
      }
      while (
        parts.length > 1 &&
        parts[parts.length - 1].kind === 'paragraph' &&
        /^(Kilde|Kjelde|Source):/.test(parts[parts.length - 1].content)
      ) {
        parts = parts.slice(0, -1);
      }
      out.parts = parts;
    }
    out.actions = arr(r.actions)
      .filter((a) => a && isText(a.label) && isText(a.query))
      .slice(0, 8)
      .map((a) => ({ label: a.label, query: a.query }));
    out.candidates = arr(r.candidates).filter(isText).slice(0, 8);
    out.suggestions = arr(r.suggestions).filter(isText).slice(0, 6);
    return out;
  }

  // ----- drawing ---------------------------------------------------------

  function buttonGroup(label, items, from) {
    const group = el('div', 'followups');
    group.setAttribute('role', 'group');
    group.setAttribute('data-from', from);
    const id = 'g-' + ++seq;
    const caption = el('p', 'followups-label', label);
    caption.id = id;
    group.setAttribute('aria-labelledby', id);
    group.appendChild(caption);
    const list = el('ul', 'chips');
    items.forEach((item) => {
      const li = el('li');
      const button = el('button', 'chip', item.label);
      button.type = 'button';
      button.setAttribute('data-query', item.query);
      button.setAttribute('data-label', item.label);
      li.appendChild(button);
      list.appendChild(li);
    });
    group.appendChild(list);
    return group;
  }

  function drawQuestion(entry) {
    const turn = el('div', 'turn turn-question');
    turn.setAttribute('data-kind', 'question');
    turn.appendChild(el('p', 'visually-hidden', T.you));
    turn.appendChild(el('p', 'bubble', entry.text));
    return turn;
  }

  function drawAnswer(entry) {
    const r = entry.reply || {};
    const turn = el('article', 'turn turn-answer');
    turn.setAttribute('data-kind', 'answer');
    turn.id = 'answer-' + ++seq;
    // The reply's own language (a question in English gets an English
    // answer on a Norwegian page) marks its text for screen readers.
    const replyLang = /^(nb|nn|en)$/.test(r.lang || '') ? r.lang : '';

    const who = el('p', 'who');
    const mark = el('span', 'who-mark');
    mark.setAttribute('aria-hidden', 'true');
    who.appendChild(mark);
    who.appendChild(el('span', 'who-name', T.botName));
    who.appendChild(el('span', 'visually-hidden', ' ' + T.bot));
    turn.appendChild(who);

    const heading = el('h3', 'answer-title', r.title || T.answerHeading);
    heading.id = turn.id + '-title';
    if (!r.title) heading.classList.add('visually-hidden');
    else if (replyLang) heading.lang = replyLang;
    turn.setAttribute('aria-labelledby', heading.id);
    turn.appendChild(heading);

    const body = el('div', 'answer-body');
    if (replyLang) body.lang = replyLang;
    arr(r.parts).forEach((part) => {
      if (part.kind === 'paragraph') body.appendChild(el('p', null, part.content));
      else if (part.kind === 'heading') body.appendChild(el('h4', 'answer-subheading', part.content));
      else if (part.kind === 'list') {
        const ul = el('ul', 'answer-list');
        arr(part.content).forEach((item) => ul.appendChild(el('li', null, item)));
        body.appendChild(ul);
      }
    });
    turn.appendChild(body);

    const sources = arr(r.sources);
    if (sources.length) {
      const words = SOURCE_WORDS[r.lang] || SOURCE_WORDS[pageLang];
      const box = el('div', 'sources');
      if (replyLang) box.lang = replyLang;
      sources.forEach((label) => {
        const line = el('p', 'source');
        line.appendChild(document.createTextNode(words.prefix + ' '));
        const link = el('a', null, words.sheet + ', ' + label);
        link.href = isSheetUrl(r.url) ? r.url : SHEET_URL;
        line.appendChild(link);
        box.appendChild(line);
      });
      turn.appendChild(box);
    }

    if (arr(r.actions).length) {
      // The engine turns the candidates of an ambiguous name into actions.
      const label = arr(r.candidates).length ? T.candidatesLabel : T.actionsLabel;
      turn.appendChild(buttonGroup(label, r.actions, 'actions'));
    } else {
      const seen = new Set();
      const uniq = (list) =>
        arr(list)
          .filter((q) => !seen.has(q) && seen.add(q))
          .map((q) => ({ label: q, query: q }));
      const candidates = uniq(r.candidates);
      if (candidates.length) turn.appendChild(buttonGroup(T.candidatesLabel, candidates, 'candidates'));
      const suggestions = uniq(r.suggestions);
      if (suggestions.length) turn.appendChild(buttonGroup(T.suggestionsLabel, suggestions, 'suggestions'));
    }
    return turn;
  }

  function errorText(entry) {
    if (entry.kind === 'rate') {
      const n = Number(entry.retryAfter) || 0;
      if (n === 1) return T.errorRateSecond;
      return n > 1 && n < 3600 ? fmt(T.errorRateSeconds, { n: n }) : T.errorRate;
    }
    if (entry.kind === 'long') return T.errorTooLong;
    if (entry.kind === 'network') return T.errorNetwork;
    return T.errorGeneric;
  }

  function drawError(entry) {
    const turn = el('div', 'turn turn-error');
    turn.setAttribute('data-kind', 'error');
    const p = el('p', 'error-text');
    p.appendChild(el('span', 'visually-hidden', T.errorLabel + ' '));
    p.appendChild(document.createTextNode(errorText(entry)));
    turn.appendChild(p);
    if (isText(entry.query) && entry.kind !== 'long') {
      const button = el('button', 'chip chip-retry', T.retry);
      button.type = 'button';
      button.setAttribute('data-query', entry.query);
      button.setAttribute('data-label', entry.label || entry.query);
      turn.appendChild(button);
    }
    return turn;
  }

  function draw(entry) {
    if (entry.t === 'q') return drawQuestion(entry);
    if (entry.t === 'a') return drawAnswer(entry);
    if (entry.t === 'e') return drawError(entry);
    return null;
  }

  function updateChrome() {
    const started = entries.length > 0;
    intro.hidden = started;
    newChat.hidden = !started;
  }

  // ----- the stored log --------------------------------------------------

  function save() {
    let list = entries.slice(-MAX_ENTRIES);
    while (list.length) {
      if (storageSet(KEY_LOG, JSON.stringify(list))) return;
      list = list.slice(Math.ceil(list.length / 4)); // quota: drop the oldest
    }
    storageRemove(KEY_LOG);
  }

  function restore() {
    let stored = [];
    try {
      stored = JSON.parse(storageGet(KEY_LOG) || '[]');
    } catch (e) {
      stored = [];
    }
    entries = arr(stored).filter((e) => e && typeof e === 'object' && /^[qae]$/.test(e.t));
    const frag = document.createDocumentFragment();
    entries.forEach((entry) => {
      const node = draw(entry);
      if (node) frag.appendChild(node);
    });
    log.appendChild(frag);
    updateChrome();
  }

  function add(entry) {
    entries.push(entry);
    save();
    const node = draw(entry);
    if (node) log.appendChild(node);
    updateChrome();
    return node;
  }

  // ----- asking ----------------------------------------------------------

  function setBusy(on) {
    busy = on;
    log.setAttribute('aria-busy', on ? 'true' : 'false');
    form.classList.toggle('is-busy', on);
    // aria-disabled rather than disabled: the button keeps its place in the
    // tab order and focus is never dropped while waiting.
    submit.setAttribute('aria-disabled', on ? 'true' : 'false');
  }

  function pendingNode() {
    const node = el('div', 'turn turn-pending');
    node.setAttribute('data-kind', 'pending');
    node.appendChild(el('span', 'pending-text', T.pending));
    const dots = el('span', 'dots');
    dots.setAttribute('aria-hidden', 'true');
    for (let i = 0; i < 3; i++) dots.appendChild(el('span', 'dot'));
    node.appendChild(dots);
    return node;
  }

  function retryAfterSeconds(header) {
    if (!header) return 0;
    const n = Number(header);
    if (Number.isFinite(n)) return Math.max(0, Math.ceil(n));
    const date = Date.parse(header);
    return Number.isFinite(date) ? Math.max(0, Math.ceil((date - Date.now()) / 1000)) : 0;
  }

  async function request(text) {
    const controller = typeof AbortController === 'function' ? new AbortController() : null;
    const timer = controller ? setTimeout(() => controller.abort(), TIMEOUT_MS) : null;
    try {
      const res = await fetch(API, {
        method: 'POST',
        headers: { 'Content-Type': 'application/json', Accept: 'application/json' },
        body: JSON.stringify({ chat: chatId(), text: text }),
        credentials: 'same-origin',
        cache: 'no-store',
        signal: controller ? controller.signal : undefined,
      });
      let body = null;
      try {
        body = await res.json();
      } catch (e) {
        body = null;
      }
      return { res: res, body: body };
    } finally {
      if (timer) clearTimeout(timer);
    }
  }

  async function ask(query, label, fromInput) {
    const text = String(query || '').trim().slice(0, MAX_CHARS);
    if (busy) return false;
    if (!text) {
      input.focus();
      return false;
    }
    const shown = String(label || text).trim() || text;
    setBusy(true);
    add({ t: 'q', text: shown });
    if (!fromInput) input.focus({ preventScroll: true });
    const pending = pendingNode();
    log.appendChild(pending);
    pending.scrollIntoView({ block: 'nearest', behavior: scrollBehavior() });

    let entry;
    try {
      const { res, body } = await request(text);
      if (res.ok && body && typeof body === 'object' && !Array.isArray(body)) {
        entry = { t: 'a', reply: slimReply(body) };
      } else {
        const err = body && typeof body === 'object' && body.error ? body.error : {};
        const code = Number(err.status) || res.status;
        entry = {
          t: 'e',
          kind: code === 429 ? 'rate' : code === 413 ? 'long' : 'server',
          status: code,
          retryAfter: retryAfterSeconds(res.headers.get('Retry-After')),
          query: text,
          label: shown,
        };
      }
    } catch (e) {
      entry = { t: 'e', kind: 'network', status: 0, query: text, label: shown };
    }

    pending.remove();
    const node = add(entry);
    setBusy(false);
    // Nothing is lost: a typed question that failed comes back to the box.
    if (entry.t === 'e' && fromInput && !input.value) input.value = text;
    if (document.activeElement !== input) input.focus({ preventScroll: true });
    if (node) node.scrollIntoView({ block: 'start', behavior: scrollBehavior() });
    return entry.t === 'a';
  }

  // ----- wiring ----------------------------------------------------------

  form.addEventListener('submit', (event) => {
    event.preventDefault();
    if (busy) return;
    const text = input.value;
    if (!text.trim()) {
      input.focus();
      return;
    }
    input.value = '';
    input.focus({ preventScroll: true });
    ask(text, text, true);
  });

  function onChip(event) {
    const button = event.target.closest('button[data-query], button[data-example]');
    if (!button || busy) return;
    if (button.hasAttribute('data-example')) {
      const text = button.textContent;
      input.focus({ preventScroll: true });
      ask(text, text, false);
    } else {
      input.focus({ preventScroll: true });
      ask(button.getAttribute('data-query'), button.getAttribute('data-label'), false);
    }
  }
  log.addEventListener('click', onChip);
  examples.addEventListener('click', onChip);

  newChat.addEventListener('click', () => {
    if (busy) return;
    entries = [];
    storageRemove(KEY_LOG);
    storageRemove(KEY_CHAT);
    while (log.firstChild) log.removeChild(log.firstChild);
    updateChrome();
    input.value = '';
    input.focus();
    status.textContent = T.newChatDone;
    window.setTimeout(() => {
      status.textContent = '';
    }, 4000);
  });

  applyStrings();
  restore();
  setBusy(false);
})();
