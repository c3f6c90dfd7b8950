//! Questions generated from the knowledge itself: every agency under every
//! name its entry gives, every sector under every name of its ministry, in
//! the phrasings of the question set and in the three languages. Whatever
//! the sheet holds must be answerable, not only the agencies someone
//! thought to test.

use faktabot::Engine;
use faktabot::resolve::derived_names;

fn engine() -> Engine {
    Engine::bundled().expect("engine")
}

const OWNER: &[&str] = &[
    "Hvilket departement hører {} inn under?",
    "Under hvilket departement ligger {}?",
    "Which ministry is {} under?",
    "Hvilket departement har ansvar for {}?",
    "Hvem er overordnet departement for {}?",
    "kva departement høyrer {} til?",
    "hvem eier {}",
];

fn owners(e: &Engine) -> Vec<(String, Vec<String>)> {
    let mut out: Vec<(String, Vec<String>)> = Vec::new();
    for s in &e.knowledge().sectors {
        for a in &s.agencies {
            match out.iter_mut().find(|(n, _)| *n == a.name) {
                Some((_, secs)) => secs.push(s.id.clone()),
                None => out.push((a.name.clone(), vec![s.id.clone()])),
            }
        }
    }
    out
}

/// Why `q` did not get an owner answer naming exactly `sectors`, if it did not.
fn owner_mismatch(e: &Engine, q: &str, sectors: &[String]) -> Option<String> {
    let r = e.answer_at(None, q, 0).0;
    let mut got = r.sectors.clone();
    got.sort();
    let mut want = sectors.to_vec();
    want.sort();
    (r.intent.id() != "agency_owner" || got != want)
        .then(|| format!("{q}: {} {:?}", r.intent.id(), r.sectors))
}

#[test]
fn every_agency_under_every_name_and_phrasing() {
    let e = engine();
    let mut failures = Vec::new();
    let mut n = 0;
    for (entry, sectors) in owners(&e) {
        for name in derived_names(&entry) {
            for t in OWNER {
                let q = t.replace("{}", &name);
                n += 1;
                failures.extend(owner_mismatch(&e, &q, &sectors));
            }
        }
    }
    assert!(n > 1000);
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

const SECTION: &[(&str, &[&str])] = &[
    (
        "funding",
        &[
            "Hvordan finansieres digitalisering i {}?",
            "How is digitalisation funded in {}?",
            "Korleis blir digitalisering finansiert i {}?",
        ],
    ),
    (
        "strategies",
        &[
            "Hvilke strategier finnes i {}?",
            "Which strategies exist in {}?",
            "Kva strategiar har {}?",
        ],
    ),
    (
        "coordination",
        &[
            "Hvordan samordnes digitalisering i {}?",
            "How is digitalisation coordinated in {}?",
        ],
    ),
    (
        "portfolio",
        &[
            "Finnes det en portefølje over digitaliseringstiltak i {}?",
            "Is there a portfolio of digital initiatives in {}?",
        ],
    ),
    (
        "measures",
        &[
            "Hvilke tiltak nevnes hos {}?",
            "Which initiatives are mentioned in {}?",
        ],
    ),
    (
        "sector_agencies",
        &[
            "Hvilke etater ligger under {}?",
            "Hvor mange etater har {}?",
            "Kva etatar ligg under {}?",
            "Which agencies are under {}?",
        ],
    ),
    ("sector_overview", &["Fortell om {}", "Tell me about {}"]),
];

#[test]
fn every_sector_under_every_name_of_its_ministry() {
    let e = engine();
    let aliases: faktabot::aliases::Aliases =
        toml::from_str(faktabot::load::BUNDLED_ALIASES).unwrap();
    let mut failures = Vec::new();
    let mut n = 0;
    for names in &aliases.sectors {
        let forms = [
            &names.ministry,
            &names.abbr,
            &names.title,
            &names.sector_nb,
            &names.english,
        ];
        for (intent, templates) in SECTION {
            for t in *templates {
                for f in forms {
                    let q = t.replace("{}", f);
                    let r = e.answer_at(None, &q, 0).0;
                    n += 1;
                    if r.intent.id() != *intent || r.sectors != vec![names.id.clone()] {
                        failures.push(format!("{q}: {} {:?}", r.intent.id(), r.sectors));
                    }
                }
            }
        }
    }
    assert!(
        failures.is_empty(),
        "{} of {n} failed:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

/// Typing slips in the name's longest word: a letter dropped, two swapped,
/// one doubled; æøå typed as ASCII; all capitals or none.
fn slips(name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let longest = name
        .split(' ')
        .max_by_key(|w| w.chars().count())
        .unwrap_or(name);
    let chars: Vec<char> = longest.chars().collect();
    if chars.len() >= 6 {
        let p = chars.len() / 2;
        let mut variants = Vec::new();
        let mut v = chars.clone();
        v.remove(p);
        variants.push(v);
        let mut v = chars.clone();
        v.swap(p, p + 1);
        variants.push(v);
        let mut v = chars.clone();
        v.insert(p, chars[p]);
        variants.push(v);
        for v in variants {
            let word: String = v.iter().collect();
            out.push(name.replacen(longest, &word, 1));
        }
    }
    let ascii = name
        .replace('æ', "ae")
        .replace('ø', "o")
        .replace('å', "aa")
        .replace('Ø', "O")
        .replace('Å', "A");
    if ascii != name {
        out.push(ascii);
    }
    out.push(name.to_lowercase());
    out.push(name.to_uppercase());
    out
}

#[test]
fn agency_names_with_typing_slips_are_still_found() {
    let e = engine();
    let mut failures = Vec::new();
    let mut n = 0;
    for (entry, sectors) in owners(&e) {
        let main = derived_names(&entry)
            .into_iter()
            .nth(1)
            .unwrap_or(entry.clone());
        for v in slips(&main) {
            let q = format!("Hvilket departement hører {v} inn under?");
            n += 1;
            failures.extend(owner_mismatch(&e, &q, &sectors));
        }
    }
    // A slip inside a compound's head ("familiedepartemetnet") is beyond
    // the typo budget: allow a few.
    let rate = 1.0 - failures.len() as f64 / n as f64;
    assert!(rate >= 0.97, "{:.3} of {n}:\n{}", rate, failures.join("\n"));
}
