//! Answers about the bot itself and the conversation: help, unknown,
//! commands, small talk, welcome, and asking back (which agency, which
//! of two names, which of two intents).

use crate::intents::Intent;
use crate::lang::Lang;
use crate::messages::num;
use crate::reply::{Part, Reply};
use crate::resolve::Entity;
use crate::text::Token;

use super::super::Engine;
use super::super::decide::{Decision, Me};

/// The example questions of help and "unknown", as message ids.
const EXAMPLES: [&str; 5] = [
    "example-owner",
    "example-funding",
    "example-strategies",
    "example-agencies",
    "example-cross",
];

impl Engine {
    pub(in crate::engine) fn examples(&self, lang: Lang) -> Vec<String> {
        EXAMPLES.iter().map(|id| self.say(lang, id)).collect()
    }

    pub(in crate::engine) fn unknown(&self, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Unknown, lang);
        reply.confidence = 0.2;
        reply.para(self.say(lang, "unknown"));
        reply.list(self.examples(lang));
        reply.suggestions = self.examples(lang);
        reply
    }

    /// The agency an earlier edition listed that this one does not, when
    /// the question names it: the bot says so rather than take the name
    /// for a neighbour's ("Trygderetten" is not "Trygdeetaten").
    pub(in crate::engine) fn removed_named(
        &self,
        folded: &str,
    ) -> Option<&crate::knowledge::RemovedAgency> {
        let text = format!(" {folded} ");
        self.knowledge().removed.iter().find(|r| {
            // The entry, and its parts: "Lånekassen - Statens lånekasse for
            // utdanning", "Norges vassdrags- og energidirektorat (NVE)".
            let mut names = vec![r.name.as_str()];
            names.extend(r.name.split(" - "));
            names.extend(r.name.split(['(', ')']));
            names
                .into_iter()
                .map(crate::text::fold)
                .filter(|n| n.chars().count() >= 4)
                .any(|n| text.contains(&format!(" {n} ")))
        })
    }

    pub(in crate::engine) fn removed_answer(
        &self,
        removed: &crate::knowledge::RemovedAgency,
        lang: Lang,
    ) -> Reply {
        let mut reply = Reply::new(Intent::Unknown, lang);
        reply.confidence = 0.9;
        reply.para(self.say_with(
            lang,
            "removed-agency",
            &[
                ("name", removed.name.as_str().into()),
                ("part", removed.was_in.as_str().into()),
            ],
        ));
        reply
    }

    /// What is new in this edition against the one it replaced.
    pub(in crate::engine) fn changes_answer(&self, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Changes, lang);
        let Some((d, before)) = &self.changes else {
            reply.para(self.say(lang, "changes-none"));
            return reply;
        };
        if d.is_empty() {
            reply.para(self.say(lang, "changes-nothing"));
            return reply;
        }
        let edition = self
            .knowledge()
            .edition
            .clone()
            .unwrap_or_else(|| self.say(lang, "changes-this-edition"));
        let before_name = before
            .edition
            .clone()
            .unwrap_or_else(|| self.say(lang, "changes-previous-edition"));
        reply.title = Some(self.say_with(
            lang,
            "changes-title",
            &[
                ("edition", edition.as_str().into()),
                ("before", before_name.as_str().into()),
            ],
        ));
        let title_of = |k: &crate::knowledge::Knowledge, id: &str| {
            k.sector(id)
                .map_or_else(|| id.to_owned(), |s| s.title.clone())
        };
        let now = self.knowledge();
        let mut items = Vec::new();
        let mut line = |id: &str, args: &[(&str, String)]| {
            let args: Vec<crate::messages::Arg<'_>> =
                args.iter().map(|(k, v)| (*k, v.as_str().into())).collect();
            items.push(self.say_with(lang, id, &args));
        };
        for (id, title) in &d.parts_added {
            line("changes-part-added", &[("part", title.clone())]);
            reply.sector(id);
        }
        for (_, title) in &d.parts_removed {
            line("changes-part-removed", &[("part", title.clone())]);
        }
        for r in &d.parts_renamed {
            line(
                "changes-part-renamed",
                &[
                    ("before", r.title.0.clone()),
                    ("part", r.title.1.clone()),
                    ("ministry", r.ministry.1.clone()),
                ],
            );
            reply.sector(&r.id);
        }
        for a in &d.agencies_added {
            line(
                "changes-agency-added",
                &[
                    ("agency", a.name.clone()),
                    ("part", title_of(now, &a.sector)),
                ],
            );
        }
        for a in &d.agencies_removed {
            line(
                "changes-agency-removed",
                &[
                    ("agency", a.name.clone()),
                    ("part", title_of(before, &a.sector)),
                ],
            );
        }
        for m in &d.agencies_moved {
            line(
                "changes-agency-moved",
                &[
                    ("agency", m.name.clone()),
                    ("before", title_of(before, &m.from)),
                    ("part", title_of(now, &m.to)),
                ],
            );
        }
        for c in &d.sections_changed {
            let section = self.say(lang, &format!("section-{}", c.section));
            line(
                "changes-section",
                &[("section", section), ("part", title_of(now, &c.sector))],
            );
        }
        reply.list(items);
        reply
    }

    pub(in crate::engine) fn nothing_to_answer(&self, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Unknown, lang);
        reply.confidence = 0.0;
        reply.para(self.say(lang, "no-question"));
        reply.list(self.examples(lang));
        reply
    }

    pub(in crate::engine) fn unknown_command(&self, name: &str, lang: Lang) -> Reply {
        let mut reply = self.help(lang);
        reply.parts.insert(
            0,
            Part::Paragraph(self.say_with(lang, "unknown-command", &[("name", name.into())])),
        );
        reply
    }

    /// What a command does, in `lang` (for help and a chat's command menu).
    #[must_use]
    pub fn command_help(&self, name: &str, lang: Lang) -> String {
        self.say(lang, &format!("command-{name}"))
    }

    /// The help text, with the commands from the intent files.
    #[must_use]
    pub fn help(&self, lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Help, lang);
        reply.title = Some(self.say(lang, "help-title"));
        reply.para(self.say_with(
            lang,
            "help-intro",
            &[("parts", num(self.knowledge.sectors.len()))],
        ));
        reply.list(self.examples(lang));
        let cmds: Vec<String> = self
            .rules
            .commands
            .iter()
            .map(|c| {
                let arg = if c.arg.is_empty() {
                    String::new()
                } else {
                    format!(" <{}>", c.arg)
                };
                format!("/{}{arg} – {}", c.name, self.command_help(&c.name, lang))
            })
            .collect();
        if !cmds.is_empty() {
            reply.para(self.say(lang, "help-commands"));
            reply.list(cmds);
        }
        reply.para(format!(
            "{} {}",
            self.knowledge.attribution, self.knowledge.source_url
        ));
        reply
    }

    /// The reply to "Jeg er ny i Tolletaten": welcome, which ministry the
    /// agency is under, and that the bot now knows who "vi" are.
    pub(in crate::engine) fn welcome(&self, me: &Me, lang: Lang) -> Reply {
        let (mut reply, name) = if let Some(a) = me.agency {
            let d = Decision {
                agencies: vec![a],
                ..Decision::for_intent(Intent::AgencyOwner)
            };
            (
                self.agency_owner(&d, lang),
                self.resolver.agencies[a].name.clone(),
            )
        } else {
            let d = Decision {
                sectors: me.sectors.clone(),
                ..Decision::for_intent(Intent::SectorOverview)
            };
            let name = me
                .sectors
                .first()
                .map(|&s| self.knowledge.sectors[s].ministry.name.clone())
                .unwrap_or_default();
            (self.overview(&d, lang), name)
        };
        reply.parts.insert(
            0,
            Part::Paragraph(self.say_with(lang, "welcome", &[("name", name.into())])),
        );
        reply.para(self.say(lang, "welcome-remember"));
        reply
    }

    pub(in crate::engine) fn smalltalk(&self, toks: &[Token], lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Smalltalk, lang);
        let thanks = toks.iter().any(|t| {
            t.surface.starts_with("takk") || t.surface.starts_with("thank") || t.surface == "thx"
        });
        let bye = toks.iter().any(|t| {
            matches!(
                t.surface.as_str(),
                "ha" | "bye" | "goodbye" | "hadet" | "farvel"
            )
        });
        let greeting = toks.iter().any(|t| {
            matches!(
                t.surface.as_str(),
                "hei"
                    | "hallo"
                    | "heisann"
                    | "halla"
                    | "hoi"
                    | "morn"
                    | "hi"
                    | "hello"
                    | "hey"
                    | "god"
                    | "good"
            )
        });
        let id = if thanks {
            "smalltalk-thanks"
        } else if bye {
            "smalltalk-bye"
        } else if greeting {
            "smalltalk-greeting"
        } else {
            "smalltalk-ok"
        };
        reply.para(self.say(lang, id));
        reply
    }

    pub(in crate::engine) fn which_agency(&self, intent: Intent, lang: Lang) -> Reply {
        let mut reply = Reply::new(intent, lang);
        reply.confidence = 0.5;
        reply.para(self.say(lang, "which-agency"));
        reply
    }

    pub(in crate::engine) fn entity_label(&self, e: Entity, lang: Lang) -> String {
        match e {
            Entity::Sector(s) => {
                let s = &self.knowledge.sectors[s];
                format!("{} ({})", self.ministry(s, lang), s.title)
            }
            Entity::Agency(ai) => {
                let a = &self.resolver.agencies[ai];
                let owners: Vec<String> = self
                    .owner_sectors(&[ai])
                    .iter()
                    .map(|&s| self.knowledge.sectors[s].ministry.abbr.clone())
                    .collect();
                format!("{} ({})", a.name, owners.join(", "))
            }
        }
    }

    pub(in crate::engine) fn ambiguous(&self, group: &[Entity], lang: Lang) -> Reply {
        let mut reply = Reply::new(Intent::Unknown, lang);
        let has_agency = group.iter().any(|e| matches!(e, Entity::Agency(_)));
        reply.intent = if has_agency {
            Intent::AgencyInfo
        } else {
            Intent::SectorOverview
        };
        reply.confidence = 0.3;
        let labels: Vec<String> = group.iter().map(|&e| self.entity_label(e, lang)).collect();
        reply.candidates = group
            .iter()
            .map(|&e| match e {
                Entity::Sector(s) => self.knowledge.sectors[s].ministry.name.clone(),
                Entity::Agency(a) => self.resolver.agencies[a].name.clone(),
            })
            .collect();
        reply.para(self.say(lang, "ambiguous"));
        reply.list(labels);
        reply.suggestions.clone_from(&reply.candidates);
        reply
    }

    /// What an intent asks for, as a phrase ("finansieringen").
    pub(in crate::engine) fn intent_phrase(&self, intent: Intent, lang: Lang) -> String {
        self.say(lang, &format!("intent-{}", intent.id()))
    }

    pub(in crate::engine) fn did_you_mean(&self, d: &Decision, other: Intent, lang: Lang) -> Reply {
        let mut reply = Reply::new(d.intent, lang);
        reply.confidence = d.confidence;
        let about: Vec<String> = d
            .sectors
            .iter()
            .map(|&s| self.knowledge.sectors[s].title.clone())
            .chain(
                d.agencies
                    .iter()
                    .map(|&a| self.resolver.agencies[a].name.clone()),
            )
            .collect();
        let first = self.intent_phrase(d.intent, lang);
        let second = self.intent_phrase(other, lang);
        let mut args = vec![
            ("first", first.as_str().into()),
            ("second", second.as_str().into()),
        ];
        let id = if about.is_empty() {
            "did-you-mean"
        } else {
            args.push(("about", self.join(lang, &about).into()));
            "did-you-mean-about"
        };
        reply.para(self.say_with(lang, id, &args));
        for &s in &d.sectors {
            reply.sector(&self.knowledge.sectors[s].id);
        }
        reply.suggestions = vec![first, second];
        reply
    }
}
