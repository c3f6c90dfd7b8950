// A stand-in for `faktabot serve`: serves the page files the way the Rust
// server does (same CSP header, {{lang}} from Accept-Language) and answers
// POST /api/ask with canned replies of the real JSON shape.
//
//   node tests/browser/mock-server.mjs [--port 8931] [--host 127.0.0.1]
//
// Special questions, for trying the page's error paths by hand:
//   "#429"   -> 429 with Retry-After: 7
//   "#500"   -> 500
//   "#drop"  -> the connection is closed without an answer
//   "#slow"  -> a normal unknown reply after three seconds
import http from 'node:http';
import { readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
const pageDir = join(here, '..', '..', 'src', 'serve', 'page');

const CSP =
  "default-src 'none'; script-src 'self'; style-src 'self'; connect-src 'self'; img-src 'self' data:; " +
  "base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
const MAX_BODY = 16 * 1024;

function arg(name, fallback) {
  const i = process.argv.indexOf(name);
  return i > 0 && process.argv[i + 1] ? process.argv[i + 1] : fallback;
}
const port = Number(arg('--port', '8931'));
const host = arg('--host', '127.0.0.1');

// Read on every request, so edits to the page show on reload.
const file = (name) => readFileSync(join(pageDir, name));

// nb or en from Accept-Language: the first tag by weight that is one of ours.
function pageLang(header) {
  const tags = String(header || '')
    .split(',')
    .map((part, i) => {
      const [tag, ...params] = part.trim().toLowerCase().split(';');
      const q = params.map((p) => p.trim()).find((p) => p.startsWith('q='));
      return { tag, q: q ? Number(q.slice(2)) || 0 : 1, i };
    })
    .filter((t) => t.tag && t.q > 0)
    .sort((a, b) => b.q - a.q || a.i - b.i);
  for (const { tag } of tags) {
    const primary = tag.split('-')[0];
    if (primary === 'en') return 'en';
    if (primary === 'nb' || primary === 'nn' || primary === 'no') return 'nb';
  }
  return 'nb';
}

const src = (sector, section, label) => ({ sector, section, label });
const buttons = (abbr, lang, except) =>
  [
    ['finansiering', lang === 'en' ? 'Funding' : 'Finansiering', 'funding'],
    ['strategier', lang === 'en' ? 'Strategies' : 'Strategier', 'strategies'],
    ['departement', lang === 'en' ? 'Agencies' : 'Etater', 'agencies'],
    ['samordning', lang === 'en' ? 'Coordination' : 'Samordning', 'coordination'],
  ]
    .filter(([, , kind]) => kind !== except)
    .map(([cmd, label]) => ({ label, query: `/${cmd} ${abbr}` }));

function reply(fields) {
  const r = {
    intent: 'unknown',
    sectors: [],
    agencies: [],
    confidence: 0.9,
    lang: 'nb',
    title: null,
    parts: [],
    sources: [],
    candidates: [],
    suggestions: [],
    actions: [],
    source_url:
      'https://www.digdir.no/digital-samhandling/faktaark-med-beskrivelser-av-samordning-av-digitalisering-i-hver-sektor/7668',
    attribution: 'Kilde: Digitaliseringsdirektoratet',
    ...fields,
  };
  const text = [];
  if (r.title) text.push(r.title);
  for (const p of r.parts) {
    text.push(p.kind === 'list' ? p.content.map((i) => `• ${i}`).join('\n') : p.content);
  }
  const word = r.lang === 'en' ? 'Source: Fact sheet, ' : 'Kilde: Faktaark, ';
  if (r.sources.length) text.push(r.sources.map((s) => word + s.label).join('\n'));
  r.answer = text.join('\n\n');
  return r;
}

const SECTIONS = {
  KD: {
    id: 'kd',
    name: 'Kunnskapssektoren',
    finansiering: {
      title: 'Finansiering – Kunnskapssektoren',
      parts: [
        {
          kind: 'paragraph',
          content:
            'Etatsgruppen har laget en egen beskrivelse av utfordringer med finansiering av IKT-utvikling. I dag finansieres digitalisering i kunnskapssektoren gjennom vanlige finansieringsmekanismer i staten.',
        },
        {
          kind: 'list',
          content: [
            'For enkelte av tjenestene inngår brukerbetaling i finansieringsmodellen.',
            'Felles investeringsmidler for porteføljene i samstyringsmodellen for UH-sektoren; Digitaliseringsstyret beslutter årlig ramme, som for tiden er 40 MNOK.',
            'Midler til finansiering av forskningsinfrastruktur av nasjonal betydning. Søknadsbasert, forvaltes av Norges forskningsråd.',
          ],
        },
      ],
      section: ['funding', 'Finansieringsmekanismer'],
    },
    strategier: {
      title: 'Strategier – Kunnskapssektoren',
      parts: [
        { kind: 'paragraph', content: 'Faktaarket nevner tre strategier for kunnskapssektoren:' },
        {
          kind: 'list',
          content: [
            'Strategi for digital kompetanse og infrastruktur i barnehage og skole (2023–2030)',
            'Strategi for digital omstilling i universitets- og høyskolesektoren 2021–2025',
            'Nasjonal strategi for tilgjengeliggjøring og deling av forskningsdata',
          ],
        },
      ],
      section: ['strategies', 'Strategier'],
    },
  },
  HOD: {
    id: 'hod',
    name: 'Helse- og omsorgssektoren',
    finansiering: {
      title: 'Finansiering – Helse- og omsorgssektoren',
      parts: [
        {
          kind: 'paragraph',
          content:
            'Bevilgninger over statsbudsjettet til investeringer i digitale samhandlingstiltak skal bidra til å skape gode rammebetingelser for utvikling av ny teknologi, og til bedre tjenester og personellbesparelser i helse- og omsorgstjenesten.',
        },
        {
          kind: 'paragraph',
          content:
            'Hovedansvaret for digitalisering er tydelig plassert hos aktørene som yter helsehjelp, og inkluderer ansvaret for finansiering. Finansieringsmodellen for de nasjonale e-helseløsningene bygger på obligatorisk samfinansiering av forvaltning og drift:',
        },
        { kind: 'list', content: ['helsenettet, med grunndata og HelseID', 'kjernejournal', 'e-resept', 'helsenorge.no'] },
      ],
      section: ['funding', 'Finansieringsmekanismer'],
    },
    strategier: {
      title: 'Strategier – Helse- og omsorgssektoren',
      parts: [
        { kind: 'paragraph', content: 'Faktaarket nevner disse strategiene for helse- og omsorgssektoren:' },
        {
          kind: 'list',
          content: [
            'Meld. St. 9 (2023–2024) Nasjonal helse- og samhandlingsplan 2024–2027',
            'Veikart Helsenæring',
            'Nasjonal e-helsestrategi',
            'Felles KI-plan for trygg og effektiv bruk av KI i helse- og omsorgstjenesten 2024–2025',
          ],
        },
      ],
      section: ['strategies', 'Strategier'],
    },
    samordning: {
      title: 'Samordning – Helse- og omsorgssektoren',
      parts: [
        {
          kind: 'paragraph',
          content:
            'Nasjonal e-helsestrategi er sektorens felles strategi for digitalisering. Den nasjonale samhandlingsmodellen gir aktørene i sektoren arenaer for å prioritere og samordne tiltak.',
        },
      ],
      section: ['coordination', 'Koordinering og samhandlingsarenaer'],
    },
    departement: {
      title: 'Etater – Helse- og omsorgssektoren',
      parts: [{ kind: 'list', content: ['Helsedirektoratet', 'Norsk helsenett SF', 'Direktoratet for medisinske produkter'] }],
      section: ['agencies', 'Underliggende etater'],
    },
  },
};

function sectionReply(cmd, abbr) {
  const sector = SECTIONS[abbr];
  const kind = { finansiering: 'funding', strategier: 'strategies', samordning: 'coordination', departement: 'agencies' }[cmd];
  const s = sector && (sector[cmd] || sector.finansiering);
  if (!s) return null;
  return reply({
    intent: kind,
    sectors: [sector.id],
    title: s.title,
    parts: s.parts,
    sources: [src(sector.id, s.section[0], `${sector.name} › ${s.section[1]}`)],
    actions: buttons(abbr, 'nb', kind),
  });
}

function answer(text) {
  const q = text.toLowerCase();
  let m = /^\/(finansiering|strategier|samordning|departement)\s+(\w+)/.exec(q);
  if (m) {
    const r = sectionReply(m[1], m[2].toUpperCase());
    if (r) return r;
  }
  if (/lånekassen/.test(q)) {
    return reply({
      intent: 'agency_owner',
      sectors: ['kd'],
      agencies: ['Lånekassen - Statens lånekasse for utdanning'],
      confidence: 0.95,
      parts: [
        { kind: 'paragraph', content: 'Lånekassen - Statens lånekasse for utdanning ligger under Kunnskapsdepartementet (KD).' },
        {
          kind: 'paragraph',
          content:
            'Faktaarket fører den opp som «Lånekassen - Statens lånekasse for utdanning» under «Underliggende etater» i delen «Kunnskapssektoren».',
        },
      ],
      sources: [src('kd', 'agencies', 'Kunnskapssektoren › Underliggende etater')],
      actions: buttons('KD', 'nb', 'agencies'),
    });
  }
  if (/\bnve\b|vassdrag/.test(q)) {
    const en = /which|who|ministry/.test(q);
    return reply({
      intent: 'agency_owner',
      lang: en ? 'en' : 'nb',
      sectors: ['ed'],
      agencies: ['Norges vassdrags- og energidirektorat (NVE)'],
      parts: [
        {
          kind: 'paragraph',
          content: en
            ? 'Norges vassdrags- og energidirektorat (NVE) is under Energidepartementet (ED, the Ministry of Energy).'
            : 'Norges vassdrags- og energidirektorat (NVE) ligger under Energidepartementet (ED).',
        },
      ],
      sources: [src('ed', 'agencies', 'Energisektoren › Underliggende etater')],
      actions: buttons('ED', en ? 'en' : 'nb', 'agencies'),
    });
  }
  if (/helse/.test(q) && /finans|funded|fund/.test(q)) return sectionReply('finansiering', 'HOD');
  if (/strategi/.test(q) && /\bkd\b|kunnskap/.test(q)) return sectionReply('strategier', 'KD');
  if (/stimulab/.test(q)) {
    return reply({
      intent: 'search',
      title: 'Stimulab i faktaarket',
      parts: [
        {
          kind: 'paragraph',
          content:
            'Stimulab er en stimuleringsordning for innovasjon og tjenestedesign i offentlig sektor, som Digdir forvalter. Faktaarket nevner den i to deler:',
        },
        { kind: 'heading', content: 'Digitaliserings- og forvaltningsdepartementets område' },
        { kind: 'paragraph', content: 'Medfinansierings- og stimuleringsordningene er virkemidler for samordning på tvers av sektorer.' },
        { kind: 'heading', content: 'Kommunesektoren' },
        { kind: 'paragraph', content: 'Flere kommuner har fått midler fra Stimulab til felles prosjekter.' },
      ],
      sources: [
        src('dfd', 'funding', 'Digitaliserings- og forvaltningsdepartementets område › Finansieringsmekanismer'),
        src('ks', 'funding', 'Kommunesektoren › Finansieringsmekanismer'),
      ],
      suggestions: ['Hvilke sektorer har fått medfinansiering?', 'Hvordan finansieres digitalisering i kommunesektoren?'],
    });
  }
  if (/sektor/.test(q) && /portefølje/.test(q)) {
    return reply({
      intent: 'cross_sector',
      title: 'Sektorer uten offentlig portefølje',
      parts: [
        { kind: 'paragraph', content: 'Faktaarket sier at disse sektorene ikke har en offentlig portefølje:' },
        { kind: 'list', content: ['Barne- og familiesektoren', 'Forsvarssektoren', 'Utenrikssektoren'] },
      ],
      sources: [
        src('bfd', 'portfolio', 'Barne- og familiesektoren › Portefølje'),
        src('fd', 'portfolio', 'Forsvarssektoren › Portefølje'),
        src('ud', 'portfolio', 'Utenrikssektoren › Portefølje'),
      ],
    });
  }
  if (/skatt/.test(q)) {
    return reply({
      intent: 'agency_owner',
      confidence: 0.5,
      parts: [{ kind: 'paragraph', content: '«Skatt» kan bety flere etater i faktaarket. Hvilken mener du?' }],
      candidates: ['Skatteetaten', 'Skattedirektoratet'],
      actions: [
        { label: 'Skatteetaten', query: '/etat Skatteetaten' },
        { label: 'Skattedirektoratet', query: '/etat Skattedirektoratet' },
      ],
    });
  }
  if (/sektor/.test(q) && /(hvilke|liste|list|omtaler|which)/.test(q)) {
    return reply({
      intent: 'list_sectors',
      title: 'Sektorene i faktaarket',
      parts: [
        { kind: 'paragraph', content: 'Faktaarket har 17 deler, én for hvert departements område og én for kommunesektoren, blant annet:' },
        {
          kind: 'list',
          content: ['Arbeids- og inkluderingsdepartementets område', 'Helse- og omsorgssektoren', 'Kunnskapssektoren', 'Kommunesektoren'],
        },
      ],
      suggestions: ['Hvilke sektorer mangler en offentlig portefølje?'],
    });
  }
  return reply({
    intent: 'unknown',
    confidence: 0.1,
    parts: [
      { kind: 'paragraph', content: `Jeg finner ikke noe om «${text}» i faktaarket, så jeg kan ikke svare på det.` },
      { kind: 'paragraph', content: 'Spør gjerne om en sektor, et departement eller en etat.' },
    ],
    suggestions: ['Hvem eier NVE?', 'Hva er Stimulab?'],
  });
}

function send(res, status, type, body, extra = {}) {
  res.writeHead(status, {
    'Content-Type': type,
    'Content-Security-Policy': CSP,
    'X-Content-Type-Options': 'nosniff',
    'Referrer-Policy': 'strict-origin-when-cross-origin',
    'Cache-Control': 'no-store',
    ...extra,
  });
  res.end(body);
}

const error = (res, status, message, extra) =>
  send(res, status, 'application/json', JSON.stringify({ error: { status, message } }), extra);

const server = http.createServer((req, res) => {
  const url = new URL(req.url, 'http://localhost');
  if (req.method === 'GET' || req.method === 'HEAD') {
    switch (url.pathname) {
      case '/':
        return send(
          res,
          200,
          'text/html; charset=utf-8',
          file('index.html').toString('utf8').replaceAll('{{lang}}', pageLang(req.headers['accept-language'])),
          { Vary: 'Accept-Language' },
        );
      case '/assets/app.js':
        return send(res, 200, 'text/javascript; charset=utf-8', file('app.js'));
      case '/assets/app.css':
        return send(res, 200, 'text/css; charset=utf-8', file('app.css'));
      case '/assets/favicon.svg':
        return send(res, 200, 'image/svg+xml', file('favicon.svg'));
      case '/healthz':
        return send(res, 200, 'text/plain; charset=utf-8', 'ok\n');
      default:
        return error(res, 404, 'not found');
    }
  }
  if (req.method !== 'POST' || url.pathname !== '/api/ask') return error(res, 405, 'method not allowed');
  if (!/^application\/json\b/i.test(req.headers['content-type'] || '')) {
    return error(res, 415, 'expected Content-Type: application/json');
  }
  const chunks = [];
  let size = 0;
  let tooLarge = false;
  req.on('data', (c) => {
    size += c.length;
    if (size > MAX_BODY) tooLarge = true;
    else chunks.push(c);
  });
  req.on('end', () => {
    if (tooLarge) return error(res, 413, 'body too large');
    let msg;
    try {
      msg = JSON.parse(Buffer.concat(chunks).toString('utf8'));
    } catch {
      return error(res, 400, 'invalid JSON');
    }
    const text = typeof msg?.text === 'string' ? msg.text.trim() : '';
    if (!text || typeof msg.chat !== 'string' || !msg.chat) return error(res, 400, 'expected {"chat": "...", "text": "..."}');
    if ([...text].length > 2000) return error(res, 413, 'question too long');
    if (text === '#429') return error(res, 429, 'too many requests', { 'Retry-After': '7' });
    if (text === '#500') return error(res, 500, 'internal error');
    if (text === '#drop') return req.socket.destroy();
    const delay = text === '#slow' ? 3000 : 120;
    setTimeout(() => send(res, 200, 'application/json', JSON.stringify(answer(text))), delay);
  });
});

server.listen(port, host, () => {
  console.log(`mock faktabot on http://${host}:${port}/`);
});
for (const sig of ['SIGINT', 'SIGTERM']) process.on(sig, () => server.close(() => process.exit(0)));
