//! The bundled knowledge: the facts the issue requires, and no drift
//! between the sheet's text and the committed files.

use faktabot::knowledge::SectionKind;
use faktabot::load::{BUNDLED_ALIASES, BUNDLED_KNOWLEDGE, BUNDLED_SOURCE, Data};
use faktabot::{Engine, import};

fn data() -> Data {
    Data::bundled().expect("bundled data parses")
}

#[test]
fn reimporting_the_bundled_text_gives_the_committed_knowledge() {
    let aliases: faktabot::aliases::Aliases = toml::from_str(BUNDLED_ALIASES).unwrap();
    let (k, problems) = import::import(BUNDLED_SOURCE, &aliases);
    assert!(problems.is_empty(), "{problems:?}");
    assert!(
        import::to_json(&k) == BUNDLED_KNOWLEDGE,
        "knowledge/faktaark.json is stale: run `faktabot import knowledge/faktaark-samordning-digitalisering.txt`"
    );
}

#[test]
fn the_sheet_has_17_parts_in_order() {
    let ids: Vec<String> = data()
        .knowledge
        .sectors
        .iter()
        .map(|s| s.id.clone())
        .collect();
    assert_eq!(
        ids.join(" "),
        "aid bfd dfd ed fin fd hod jd kld kdd ks kud kd lmd nfd sd ud"
    );
}

#[test]
fn source_and_attribution_are_kept() {
    let k = data().knowledge;
    assert_eq!(k.attribution, "Kilde: Digitaliseringsdirektoratet");
    assert!(k.source_url.contains("digdir.no"));
    assert_eq!(
        k.title,
        "Faktaark om samordning av digitalisering i hver sektor"
    );
}

#[test]
fn agency_facts_hold() {
    let d = data();
    let k = &d.knowledge;
    assert_eq!(k.agency_entries(), 148);
    let under = |name: &str| -> Vec<String> {
        k.sectors
            .iter()
            .filter(|s| s.agencies.iter().any(|a| a.name == name))
            .map(|s| s.id.clone())
            .collect()
    };
    assert_eq!(under("Mattilsynet"), vec!["hod", "lmd"]);
    let fin = k.sector("fin").unwrap();
    let banks: Vec<&str> = fin
        .agencies
        .iter()
        .filter(|a| a.name.starts_with("Norges Bank"))
        .map(|a| a.group.as_str())
        .collect();
    assert_eq!(banks, vec!["Virksomheter", "Virksomheter"]);
    assert_eq!(fin.agency_groups(), vec!["Etater", "Virksomheter"]);
    let sd = k.sector("sd").unwrap();
    assert_eq!(
        sd.agency_groups(),
        vec!["Underliggende virksomheter", "Selskaper/statsforetak"]
    );
    assert_eq!(
        k.sector("ks").unwrap().agency_groups(),
        vec!["Virskomheter/medlemmer"]
    );
    assert_eq!(k.sector("jd").unwrap().agencies.len(), 18);
    assert_eq!(k.sector("kd").unwrap().agencies.len(), 14);
}

#[test]
fn empty_strategy_sections_are_kept_empty() {
    let k = data().knowledge;
    for id in ["bfd", "kdd"] {
        let s = k.sector(id).unwrap();
        assert!(s.has_empty_heading(SectionKind::Strategies), "{id}");
    }
    assert!(k.sector("kd").unwrap().has(SectionKind::Strategies));
}

#[test]
fn combined_and_variant_headings_are_placed() {
    let k = data().knowledge;
    let ed = k.sector("ed").unwrap();
    let combined: Vec<_> = ed.sections_of(SectionKind::Portfolio).collect();
    assert_eq!(
        combined[0].heading,
        "Strategier, porteføljer og oversikter over tiltak"
    );
    assert!(combined[0].kinds.contains(&SectionKind::Strategies));
    let coordination: Vec<_> = ed.sections_of(SectionKind::Coordination).collect();
    assert_eq!(
        coordination[0].heading,
        "Organisatoriske styringsmekanismer"
    );
}

#[test]
fn every_part_has_intro_responsibility_and_agencies() {
    for s in &data().knowledge.sectors {
        assert!(s.has(SectionKind::Intro), "{}", s.id);
        assert!(s.has(SectionKind::Responsibility), "{}", s.id);
        assert!(!s.agencies.is_empty(), "{}", s.id);
    }
}

#[test]
fn named_items_are_split_from_their_description() {
    let k = data().knowledge;
    let ks = k.sector("ks").unwrap();
    let funding: Vec<_> = ks.sections_of(SectionKind::Funding).collect();
    assert_eq!(funding[0].blocks[0].name.as_deref(), Some("DigiFin"));
    // The sheet's own characters are kept (en dash, not a hyphen).
    let kd = k.sector("kd").unwrap();
    assert!(
        kd.agencies
            .iter()
            .any(|a| a.name == "Sikt – Kunnskapssektorens tjenesteleverandør")
    );
}

#[test]
fn the_sheets_slips_resolve_through_aliases() {
    let e = Engine::bundled().unwrap();
    let r = e.ask("slip", "Hvem eier Diskrimineringsnemnda?");
    assert_eq!(r.agencies, vec!["Diskrimineringsnemnda"]);
    assert_eq!(r.sectors, vec!["kud"]);
    let r = e.ask("slip", "Hvem eier Barne-, ungdoms- og familiedirektoratet?");
    assert_eq!(
        r.agencies,
        vec!["Barne-, ungdoms- og familiedirektoratet (Bufdir)"]
    );
    assert_eq!(r.sectors, vec!["bfd"]);
}

#[test]
fn check_finds_nothing_in_the_bundled_data() {
    let findings = faktabot::check::check(&data());
    assert!(findings.is_empty(), "{findings:#?}");
}

#[test]
fn check_names_file_and_entry_of_each_problem() {
    let mut d = data();
    d.aliases.sectors[1].aliases.push("NVE".to_owned());
    d.aliases.agencies.push(faktabot::aliases::AgencyNames {
        entry: "Finnes ikke".to_owned(),
        canonical: None,
        aliases: Vec::new(),
        case_sensitive: Vec::new(),
    });
    d.knowledge.sectors[2].id = "aid".to_owned();
    let findings = faktabot::check::check(&d);
    let text: Vec<String> = findings.iter().map(ToString::to_string).collect();
    assert!(
        text.iter()
            .any(|f| f.starts_with("knowledge/aliases.toml: NVE: name stands for several")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|f| f.starts_with("knowledge/aliases.toml: Finnes ikke:")),
        "{text:#?}"
    );
    assert!(
        text.iter()
            .any(|f| f.starts_with("knowledge/faktaark.json: aid: sector id is used twice")),
        "{text:#?}"
    );
}
