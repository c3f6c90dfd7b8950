//! `faktabot check`: validates knowledge, names and intents together.
//!
//! Loading already rejects files that do not parse or have an unknown
//! format; this goes further, into what only the data as a whole can tell:
//! ids unique, every name resolving to the one entity it belongs to (or
//! declared ambiguous), every rule compiling, every intent reachable and
//! answerable. Each finding names its file and entry.

use std::collections::{HashMap, HashSet};
use std::fmt;

use crate::intents::{Intent, RuleSet};
use crate::knowledge::SectionKind;
use crate::load::Data;
use crate::resolve::{Entity, Resolver};

/// One problem found.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Finding {
    /// The file it is in.
    pub file: String,
    /// The entry it is about.
    pub entry: String,
    /// What is wrong.
    pub message: String,
}

impl fmt::Display for Finding {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}: {}", self.file, self.entry, self.message)
    }
}

const KNOWLEDGE: &str = "knowledge/faktaark.json";
const ALIASES: &str = "knowledge/aliases.toml";

fn finding(file: &str, entry: impl Into<String>, message: impl Into<String>) -> Finding {
    Finding {
        file: file.to_owned(),
        entry: entry.into(),
        message: message.into(),
    }
}

/// Runs every check; an empty result means the data is sound.
#[must_use]
pub fn check(data: &Data) -> Vec<Finding> {
    let mut out = Vec::new();
    let k = &data.knowledge;

    // Ids.
    let mut ids = HashSet::new();
    for s in &k.sectors {
        if !ids.insert(s.id.as_str()) {
            out.push(finding(KNOWLEDGE, &s.id, "sector id is used twice"));
        }
        if s.agencies.is_empty() {
            out.push(finding(KNOWLEDGE, &s.id, "sector has no agencies"));
        }
        if !s
            .sections
            .iter()
            .any(|x| x.kinds.contains(&SectionKind::Responsibility))
        {
            out.push(finding(
                KNOWLEDGE,
                &s.id,
                "sector has no responsibility paragraph",
            ));
        }
        if data.aliases.sectors.iter().all(|n| n.id != s.id) {
            out.push(finding(
                ALIASES,
                &s.id,
                "no [[sector]] entry for this sector",
            ));
        }
    }
    let mut alias_ids = HashSet::new();
    for n in &data.aliases.sectors {
        if !alias_ids.insert(n.id.as_str()) {
            out.push(finding(ALIASES, &n.id, "[[sector]] id is used twice"));
        }
        if k.sector(&n.id).is_none() {
            out.push(finding(
                ALIASES,
                &n.id,
                "[[sector]] id is not a sector of the sheet",
            ));
        }
    }
    let entries: HashSet<&str> = k
        .sectors
        .iter()
        .flat_map(|s| s.agencies.iter().map(|a| a.name.as_str()))
        .collect();
    for a in &data.aliases.agencies {
        if !entries.contains(a.entry.as_str()) {
            out.push(finding(
                ALIASES,
                &a.entry,
                "[[agency]] entry is not an entry of the sheet's agency lists",
            ));
        }
    }

    // Names that count in lower case in a language: each a name that
    // counts only in capitals.
    let case_sensitive: HashSet<&str> = data
        .aliases
        .sectors
        .iter()
        .flat_map(|n| &n.case_sensitive)
        .chain(data.aliases.agencies.iter().flat_map(|a| &a.case_sensitive))
        .map(String::as_str)
        .collect();
    for (file, f) in &data.intents {
        for n in &f.lower_case_names {
            if !case_sensitive.contains(n.as_str()) {
                out.push(finding(
                    file,
                    n,
                    "lower_case_names: not a case_sensitive name of the aliases",
                ));
            }
        }
    }

    // Rules.
    let rules = match RuleSet::compile(&data.intents) {
        Ok(r) => Some(r),
        Err(errors) => {
            for e in errors {
                out.push(finding(
                    &e.file,
                    format!("rule {}", e.index),
                    format!("{} ({})", e.message, e.intent),
                ));
            }
            None
        }
    };
    // Facets: every phrase a facet looks for must still be in some part's
    // section of its kind, or the facet's answers silently lose a sector.
    if let Some(r) = &rules {
        for f in &r.facets {
            for (needle, written) in f.needles.iter().zip(&f.def.text_has_any) {
                let found = k.sectors.iter().any(|s| {
                    s.sections_of(f.def.section)
                        .flat_map(|x| x.blocks.iter())
                        .any(|b| crate::text::fold(&b.text).contains(needle.as_str()))
                });
                if !found {
                    out.push(finding(
                        "intents/common.toml",
                        format!("facet {}", f.def.id),
                        format!(
                            "«{written}» is in no part's {} section: the facet's evidence is gone (reword it or remove it)",
                            f.def.section.id()
                        ),
                    ));
                }
            }
        }
    }
    let stop: Vec<String> = rules
        .as_ref()
        .map(|r| r.stopwords.iter().cloned().collect())
        .unwrap_or_default();
    let resolver = Resolver::new(k, &data.aliases, stop.iter());

    // Names: each resolves to its own entity, or is declared ambiguous.
    let mut by_name: HashMap<String, Vec<Entity>> = HashMap::new();
    for (name, ents) in resolver.all_names() {
        let slot = by_name.entry(name).or_default();
        for e in ents {
            if !slot.contains(&e) {
                slot.push(e);
            }
        }
    }
    let declared: HashSet<String> = data
        .aliases
        .ambiguous
        .iter()
        .map(|a| crate::text::fold(&a.name))
        .collect();
    let describe = |e: &Entity| match e {
        Entity::Sector(s) => k.sectors[*s].id.clone(),
        Entity::Agency(a) => resolver.agencies[*a].name.clone(),
    };
    let mut names: Vec<(&String, &Vec<Entity>)> = by_name.iter().collect();
    names.sort();
    for (name, ents) in names {
        if ents.len() > 1 && !declared.contains(&crate::text::fold(name)) {
            out.push(finding(
                ALIASES,
                name,
                format!(
                    "name stands for several entities ({}); declare it under [[ambiguous]] or remove it",
                    ents.iter().map(describe).collect::<Vec<_>>().join(", ")
                ),
            ));
            continue;
        }
        let res = resolver.resolve(name);
        if ents.len() == 1 {
            let ok = res.mentions.len() == 1 && res.mentions[0].entity == ents[0];
            if !ok {
                let got: Vec<String> = res.mentions.iter().map(|m| describe(&m.entity)).collect();
                out.push(finding(
                    ALIASES,
                    name,
                    format!(
                        "name of {} resolves to [{}] instead",
                        describe(&ents[0]),
                        got.join(", ")
                    ),
                ));
            }
        } else if res.ambiguous.is_empty() {
            out.push(finding(
                ALIASES,
                name,
                "declared ambiguous but does not resolve as ambiguous",
            ));
        }
    }
    for amb in &data.aliases.ambiguous {
        for c in &amb.candidates {
            if resolver.entity_by_name(k, c).is_none() {
                out.push(finding(
                    ALIASES,
                    &amb.name,
                    format!("candidate «{c}» is neither a sector id nor an agency name"),
                ));
            }
        }
    }

    // Intents: reachable and answerable.
    if let Some(rules) = &rules {
        for intent in Intent::ALL {
            if matches!(intent, Intent::Search | Intent::Unknown) {
                continue;
            }
            let has_rule = rules.rules.iter().any(|r| r.intent == intent)
                || rules.commands.iter().any(|c| c.intent == intent);
            if !has_rule {
                out.push(finding(
                    "intents/",
                    intent.id(),
                    "no rule or command signals this intent",
                ));
            }
            if let Some(kind) = intent.section()
                && !k.sectors.iter().any(|s| s.has(kind))
            {
                out.push(finding(
                    KNOWLEDGE,
                    intent.id(),
                    format!("no sector has a «{}» section to answer from", kind.id()),
                ));
            }
        }
        // What answering compiles only when a question needs it.
        if !rules.terms.is_empty() && rules.terms_pattern().is_none() {
            out.push(finding(
                "intents/",
                "[terms]",
                "the topic words' pattern is too big",
            ));
        }
        for (p, r) in rules
            .patterns
            .sources()
            .iter()
            .zip(rules.patterns.unicode())
        {
            if r.is_none() {
                out.push(finding(
                    "intents/",
                    p,
                    "pattern does not compile for text beyond ASCII (too big?)",
                ));
            }
        }
        let mut cmd_names = HashSet::new();
        for c in &rules.commands {
            if !cmd_names.insert(c.name.to_lowercase()) {
                out.push(finding(
                    "intents/",
                    format!("/{}", c.name),
                    "command is defined twice",
                ));
            }
        }
        for f in &rules.facets {
            if f.needles.is_empty()
                && !f.def.empty_counts
                && f.def.mode == crate::intents::FacetMode::Matches
            {
                out.push(finding(
                    "intents/",
                    &f.def.id,
                    "facet has neither text_has_any nor empty_counts",
                ));
            }
        }
    }
    check_examples(data, &mut out);
    check_messages(data, &mut out);
    out
}

/// The message files: they parse, and every message the code, the
/// commands, the facets, the intents and the section kinds need is there
/// in all three languages.
fn check_messages(data: &Data, out: &mut Vec<Finding>) {
    use crate::messages::{LANGS, Messages, REQUIRED};
    let [nb, nn, en] = &data.messages;
    let m = match Messages::parse(&nb.1, &nn.1, &en.1) {
        Ok(m) => m,
        Err(e) => {
            let file = data
                .messages
                .iter()
                .find(|(path, _)| path.ends_with(&format!("{}.ftl", e.lang)))
                .map_or("intents/messages/", |(path, _)| path.as_str());
            out.push(finding(file, "", e.detail));
            return;
        }
    };
    let mut needed: Vec<String> = REQUIRED.iter().map(|s| (*s).to_owned()).collect();
    for (_, f) in &data.intents {
        needed.extend(f.commands.iter().map(|c| format!("command-{}", c.name)));
        needed.extend(f.facets.iter().map(|f| format!("facet-{}", f.id)));
    }
    needed.extend(Intent::ALL.iter().map(|i| format!("intent-{}", i.id())));
    needed.extend(
        SectionKind::ALL
            .iter()
            .map(|k| format!("section-{}", k.id())),
    );
    for (lang, (file, _)) in LANGS.iter().zip(&data.messages) {
        for id in &needed {
            if !m.has(*lang, id) {
                out.push(finding(file, id, "message is missing"));
            }
        }
    }
    for (lang, ids) in m.missing() {
        let file = data
            .messages
            .iter()
            .find(|(path, _)| path.ends_with(&format!("{lang}.ftl")))
            .map_or("intents/messages/", |(path, _)| path.as_str());
        for id in ids.iter().filter(|id| !needed.contains(id)) {
            out.push(finding(
                file,
                id,
                "message is in another language but not in this one",
            ));
        }
    }
}

/// The classifier's example files: known labels, placeholders spelt
/// right, no utterance twice in a file or under two labels.
fn check_examples(data: &Data, out: &mut Vec<Finding>) {
    let placeholder = regex::Regex::new(r"\{[^}]*\}").expect("static pattern");
    let mut seen: HashMap<String, (String, String)> = HashMap::new();
    for (file, f) in &data.examples {
        for set in &f.intents {
            let known = set.id == crate::engine::INTRODUCE
                || Intent::from_id(&set.id).is_some_and(|i| i != Intent::Search);
            if !known {
                out.push(finding(
                    file,
                    &set.id,
                    "unknown label (an intent id or «introduce»)",
                ));
            }
            if set.examples.is_empty() {
                out.push(finding(file, &set.id, "label has no examples"));
            }
            for e in &set.examples {
                for m in placeholder.find_iter(e) {
                    if m.as_str() != "{etat}" && m.as_str() != "{sektor}" {
                        out.push(finding(
                            file,
                            &set.id,
                            format!(
                                "«{e}»: unknown placeholder {} ({{etat}} or {{sektor}})",
                                m.as_str()
                            ),
                        ));
                    }
                }
                let key = crate::text::fold(e);
                match seen.get(&key) {
                    Some((other_file, other)) if other != &set.id => out.push(finding(
                        file,
                        &set.id,
                        format!("«{e}» is also an example of {other} ({other_file})"),
                    )),
                    Some(_) => {}
                    None => {
                        seen.insert(key, (file.clone(), set.id.clone()));
                    }
                }
            }
        }
    }
}
