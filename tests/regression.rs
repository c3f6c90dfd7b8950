//! One test per bug found, named after what broke.

use faktabot::Engine;

fn ask(text: &str) -> faktabot::Reply {
    Engine::bundled().unwrap().ask("regression", text)
}

/// "KS-ordningen" (the state's quality assurance scheme) is not KS.
#[test]
fn ks_ordningen_is_not_the_municipal_sector() {
    let r = ask("Hva er terskelverdien for KS-ordningen?");
    assert!(r.sectors.contains(&"jd".to_owned()), "{r:?}");
    assert!(r.render_plain().contains("300 mill"));
}

/// "fin" in lower case is the Norwegian word for "nice", not FIN.
#[test]
fn lower_case_fin_is_not_the_ministry_of_finance() {
    let r = ask("en fin dag");
    assert!(!r.sectors.contains(&"fin".to_owned()), "{r:?}");
}

/// "og" folded from nynorsk "òg" made every "og …?" follow-up nynorsk.
#[test]
fn og_does_not_make_a_question_nynorsk() {
    let r = ask("og Lånekassen?");
    assert_eq!(r.lang, faktabot::lang::Lang::Nb);
}

/// "været" and "være" share a stem; "morgen" was one edit from "Norges".
#[test]
fn a_weather_question_is_unknown_not_a_paragraph_about_bergen() {
    assert_eq!(
        ask("Hva er været i Bergen i morgen?").intent.id(),
        "unknown"
    );
}

/// "Takk for hjelpen" holds "hjelp" but is thanks, not a help request.
#[test]
fn thanks_for_the_help_is_smalltalk() {
    assert_eq!(ask("Takk for hjelpen!").intent.id(), "smalltalk");
}

/// "OED" folded to "od" (oe → o) and collided with "OD" (Oljedirektoratet).
#[test]
fn abbreviations_keep_their_letters() {
    assert_eq!(ask("Hvilke etater har OED?").sectors, vec!["ed"]);
    assert_eq!(ask("Hvem eier OD?").agencies, vec!["Sokkeldirektoratet"]);
}

/// The importer turned the sheet's en dashes into hyphens.
#[test]
fn answers_keep_the_sheets_dashes() {
    let text = ask("Hvilke strategier har AID?").render_plain();
    assert!(text.contains("(2024–2030)"), "{text}");
}

/// A follow-up naming an unknown agency took the previous agency instead.
#[test]
fn an_unknown_name_is_not_replaced_by_the_context() {
    let e = Engine::bundled().unwrap();
    e.ask("ctx", "Hvem eier Helsedirektoratet?");
    let r = e.ask("ctx", "hvem eier Statnett?");
    assert_eq!(r.intent.id(), "unknown");
    assert!(r.render_plain().contains("Statnett"));
}

/// 5,000 brackets pushed the question past the input cap.
#[test]
fn a_question_inside_thousands_of_brackets_is_still_read() {
    let text = format!("{}hvem eier NVE{}", "(".repeat(5000), ")".repeat(5000));
    assert_eq!(ask(&text).sectors, vec!["ed"]);
}

/// `faktabot ask "…" | head -1` panicked with "failed printing to stdout:
/// Broken pipe" when the reader went away first.
#[test]
fn ask_and_explain_into_a_closed_pipe_exit_quietly() {
    use std::process::{Command, Stdio};
    for args in [
        &["ask", "Hvordan finansieres digitalisering i helsesektoren?"][..],
        &["explain", "Hvem eier NVE?"][..],
    ] {
        let mut child = Command::new(env!("CARGO_BIN_EXE_faktabot"))
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .expect("runs");
        drop(child.stdout.take()); // the reader is gone before anything is written
        let out = child.wait_with_output().expect("waits");
        let err = String::from_utf8_lossy(&out.stderr);
        assert!(!err.contains("panicked"), "{args:?}: {err}");
        assert!(out.status.success(), "{args:?}: {:?} {err}", out.status);
    }
}

/// A word only the agency lists have ("Svalbard") was dropped as "not in
/// the sheet" once a nynorsk term ("verksemder" → "virksomheter") gave the
/// question a common word the paragraphs have; the answer quoted
/// "virksomhetene" instead of the agencies on Svalbard.
#[test]
fn a_topic_only_the_agency_lists_have_is_kept() {
    let r = ask("Kva sektorar har verksemder på Svalbard?");
    assert_eq!(r.intent.id(), "cross_sector");
    for s in ["jd", "kld", "nfd"] {
        assert!(r.sectors.contains(&s.to_owned()), "{s}: {r:?}");
    }
    assert!(r.render_plain().contains("Sysselmesteren på Svalbard"));
}

/// "og i Politiet?" after a funding question was read as the user
/// introducing themselves ("Velkommen til Politiet!").
#[test]
fn a_follow_up_naming_an_agency_is_no_introduction() {
    let e = Engine::bundled().unwrap();
    e.ask("intro", "Jeg er ny i Finansdepartementet.");
    e.ask("intro", "hvem betaler for digitaliseringen hos oss?");
    let r = e.ask("intro", "og i forsvaret?");
    assert!(
        !r.render_plain().contains("Velkommen"),
        "{}",
        r.render_plain()
    );
    assert_eq!(r.sectors, vec!["fd".to_owned()]);
}

/// "policy" was one edit from the English alias "police": "which policy
/// areas …" answered about Politiet. A word users write is not a typo.
#[test]
fn policy_is_not_the_police() {
    let r = ask("What policy areas is the Ministry of Culture and Equality responsible for?");
    assert!(!r.agencies.contains(&"Politiet".to_owned()), "{r:?}");
    assert_eq!(r.sectors, vec!["kud"], "{r:?}");
}

/// "founded" was corrected to the keyword "funded" and answered with a
/// funding section; the rules now also read the question as written.
#[test]
fn founded_is_not_funded() {
    let r = ask("When was Brreg founded?");
    assert_eq!(r.intent.id(), "unknown", "{r:?}");
}

/// Prices, office addresses and staff figures are not in the sheet: the
/// owner or funding rule a word of the question matches must not answer.
#[test]
fn what_the_sheet_never_holds_is_unknown() {
    for q in [
        "Hva koster en Altinn-tjeneste for en etat?",
        "Hvor ligger hovedkontoret til Skatteetaten?",
        "Kor mykje pengar fekk Statsbygg i fjor?",
        "How much does Lånekassen spend on IT?",
        "Skriv et dikt om Kartverket",
    ] {
        assert_eq!(ask(q).intent.id(), "unknown", "{q}");
    }
}

/// "kulturfeltet" did not name KUD ("-feltet" was no compound head).
#[test]
fn the_field_of_a_sector_names_it() {
    let r = ask("Hvordan finansieres digitalisering på kulturfeltet?");
    assert_eq!(
        (r.intent.id(), r.sectors.clone()),
        ("funding", vec!["kud".to_owned()])
    );
}

/// An ordinary word that can name a sector ("oppvekst" → BFD) is the
/// topic when another sector is named properly.
#[test]
fn a_topic_word_is_not_a_second_sector() {
    let r = ask("Hvem samordner arbeidet med oppvekst i helsesektoren?");
    assert_eq!(r.sectors, vec!["hod"], "{r:?}");
    // Joined by "og", both are sectors.
    let r = ask("Hvordan finansieres digitalisering i helse og justis?");
    assert_eq!(r.sectors, vec!["hod", "jd"], "{r:?}");
}

/// Agencies under two ministries: the list comes from the agency entries.
#[test]
fn agencies_under_two_ministries_are_listed() {
    let r = ask("Which agencies are listed under two ministries?");
    assert_eq!(r.intent.id(), "cross_sector");
    assert!(r.render_plain().contains("Mattilsynet"), "{r:?}");
    assert!(r.sectors.contains(&"hod".to_owned()) && r.sectors.contains(&"lmd".to_owned()));
}

/// "Arbeidstlsyn" is one letter from the stem of "Arbeidstilsynet", three
/// from the name as listed: typo matching also looks at name stems.
#[test]
fn a_misspelt_stem_of_a_name_is_found() {
    let r = ask("hvem eier Arbeidstlsyn?");
    assert_eq!(
        (r.intent.id(), r.sectors.clone()),
        ("agency_owner", vec!["aid".to_owned()])
    );
}

/// "Student Loan Fund" asked for funding, "Joint Rescue Coordination
/// Centre" for coordination: the rules read a question without its names.
#[test]
fn words_of_a_name_ask_for_nothing() {
    let r = ask("Which ministry is the Student Loan Fund under?");
    assert_eq!(
        (r.intent.id(), r.sectors.clone()),
        ("agency_owner", vec!["kd".to_owned()])
    );
}

/// A section asked about a sector's agencies is the section.
#[test]
fn a_section_of_the_agencies_is_the_section() {
    let r = ask("Hvilke finansieringsordninger forvalter etatene under KDD?");
    assert_eq!(r.intent.id(), "funding", "{r:?}");
    let r = ask("Which bodies coordinate digitalisation in the justice sector?");
    assert_eq!(
        (r.intent.id(), r.sectors.clone()),
        ("coordination", vec!["jd".to_owned()])
    );
}

/// One topic word finds the compounds it heads ("CERT" → "MiljøCERT").
#[test]
fn a_topic_word_finds_its_compounds() {
    let r = ask("Hvilke sektorer nevner CERT?");
    let text = r.render_plain();
    assert!(
        text.contains("MiljøCERT") && text.contains("VegCERT"),
        "{text}"
    );
}

/// "what's" is "what is"; "hånd om" asks who is responsible.
#[test]
fn contractions_and_idioms_are_read() {
    assert_ne!(ask("what's Stimulab?").intent.id(), "unknown");
    let r = ask("Hvem har hånd om samfunnssikkerhet?");
    assert_eq!(
        (r.intent.id(), r.sectors.clone()),
        ("responsibility", vec!["jd".to_owned()])
    );
}

/// A follow-up naming an agency for a sector question is about its ministry.
#[test]
fn a_followup_agency_stands_for_its_ministry() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask("fu", "Hvilke etater ligger under Kunnskapsdepartementet?");
    let r = e.ask("fu", "og under Politiet?");
    assert_eq!(
        (r.intent.id(), r.sectors.clone()),
        ("sector_agencies", vec!["jd".to_owned()])
    );
}

/// "Samme spørsmål for X" asks the previous question about X, whatever
/// else the turn says ("vi samarbeider mye" is no coordination question).
#[test]
fn the_same_question_for_another_sector_keeps_the_intent() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask("rep", "Hvilke strategier har helsesektoren?");
    let r = e.ask(
        "rep",
        "Samme spørsmål for forsvaret, vi samarbeider mye med dem",
    );
    assert_eq!(
        (r.intent.id(), r.sectors.clone()),
        ("strategies", vec!["fd".to_owned()])
    );
    let r = e.ask("rep", "same question for the justice sector");
    assert_eq!(
        (r.intent.id(), r.sectors.clone()),
        ("strategies", vec!["jd".to_owned()])
    );
}

/// Thanks, then a question: the question is answered, not the thanks.
#[test]
fn thanks_then_a_question_answers_the_question() {
    assert_eq!(ask("takk, og hvem eier NVE?").intent.id(), "agency_owner");
    assert_eq!(ask("flott, takk for svar").intent.id(), "smalltalk");
    assert_eq!(ask("Thanks, that's all for now.").intent.id(), "smalltalk");
}

/// "the transport sector": the head word is part of the sector's name, so
/// it is no topic word that search must find.
#[test]
fn a_sector_head_after_a_sector_name_is_part_of_it() {
    let e = faktabot::Engine::bundled().unwrap();
    let a = e.analyze("which strategies does the transport sector have?");
    let m = &a.resolution.mentions[0];
    assert_eq!(m.tokens.1 - m.tokens.0, 2, "{:?}", a.resolution);
    assert!(a.resolution.covered[m.tokens.1 - 1]);
}

/// Emoji alone: a wave greets, a thumbs up thanks; beside a question
/// they change nothing.
#[test]
fn emoji_greet_and_thank() {
    let r = ask("👋");
    assert_eq!(r.intent.id(), "smalltalk", "{}", r.render_plain());
    let r = ask("🙏");
    assert_eq!(r.intent.id(), "smalltalk");
    assert_eq!(ask("👍 hvem eier Brreg?").intent.id(), "agency_owner");
    assert_eq!(ask("🙂").intent.id(), "unknown");
}

/// Where in the sheet a name turns up is a cross-sector question, in
/// every language; the parts are those that list or mention it.
#[test]
fn where_a_name_turns_up_is_across_the_sectors() {
    for q in [
        "i hvilke deler av faktaarket dukker Statens vegvesen opp?",
        "kva delar av arket er Statens vegvesen nemnd i?",
        "which sections does Statens vegvesen appear in?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "cross_sector", "{q}: {}", r.render_plain());
        assert!(r.sectors.iter().any(|s| s == "sd"), "{q}: {:?}", r.sectors);
    }
}

/// Plans or documents that steer ask for strategies; support to apply for
/// asks for funding.
#[test]
fn steering_plans_are_strategies_and_support_is_funding() {
    let r = ask("which documents guide digitalisation in the health sector?");
    assert_eq!(r.intent.id(), "strategies", "{}", r.render_plain());
    let r = ask("kva planar styrer digitaliseringa i landbruket?");
    assert_eq!(r.intent.id(), "strategies", "{}", r.render_plain());
    let r = ask("kan kommunene få støtte til digitalisering?");
    assert_eq!(r.intent.id(), "funding", "{}", r.render_plain());
}

/// An agency's budget for a year, or when it was founded, is not in the
/// sheet: in English too, and the reply is in English ("when", "was"
/// mark English as well as "what" and "how").
#[test]
fn budgets_and_founding_years_are_not_in_the_sheet_and_english_stays_english() {
    for q in [
        "What is Lånekassen's budget for 2025?",
        "how big is the annual budget of NAV",
        "When was Brreg established?",
        "Hva er årsbudsjettet til Statsbygg?",
        "Kor stort er budsjettet til Kartverket i 2024?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "unknown", "{q}: {}", r.render_plain());
    }
    let r = ask("When was Brreg established?");
    assert!(
        r.render_plain().contains("I don't know"),
        "{}",
        r.render_plain()
    );
    // A sector's funding is still funding.
    assert_eq!(
        ask("How is digitalisation funded in the health sector?")
            .intent
            .id(),
        "funding"
    );
    assert_eq!(
        ask("Hva er budsjettet for digitalisering i helsesektoren?")
            .intent
            .id(),
        "funding"
    );
}

/// A paragraph that leads into a list ("… fire prioriterte
/// satsningsområder:") brings the list with it; English number words are
/// the sheet's numbers.
#[test]
fn a_lead_in_brings_its_list() {
    for q in [
        "Hvilke fire satsningsområder prioriterer Utenriksdepartementet?",
        "which four priority areas does the foreign ministry work on?",
    ] {
        let text = ask(q).render_plain();
        assert!(text.contains("Informasjonsforvaltning"), "{q}: {text}");
        assert!(
            text.contains("En moderne digital arbeidshverdag"),
            "{q}: {text}"
        );
    }
}

/// "Hvem står over X?" asks for the owner; a cloud or software supplier is
/// not in the sheet; solutions besides a portfolio are measures, whatever
/// the order of the words.
#[test]
fn above_suppliers_and_besides_the_portfolio() {
    assert_eq!(
        ask("hvem står over Statens kartverk?").intent.id(),
        "agency_owner"
    );
    assert_eq!(ask("kven står over Husbanken").intent.id(), "agency_owner");
    for q in [
        "Hvilken skyleverandør har Politiet?",
        "which software vendors does NAV buy from?",
        "kva programvareleverandør nyttar Lånekassen?",
    ] {
        assert_eq!(ask(q).intent.id(), "unknown", "{q}");
    }
    assert_eq!(
        ask("Apart from the portfolio, what projects does the health sector run?")
            .intent
            .id(),
        "measures"
    );
}

/// Which sectors have strategies for a named topic: the sectors whose
/// strategies name it, not every sector with a strategy; a plain word
/// ("nasjonale") or the facet's own words leave the facet to answer.
#[test]
fn strategies_for_a_named_topic_are_searched_in_the_strategies() {
    let r = ask("Hvilke sektorer har strategier for kunstig intelligens?");
    let text = r.render_plain();
    assert_eq!(r.intent.id(), "cross_sector");
    assert!(
        text.contains("Strategi for kunstig intelligens for Forsvarssektoren"),
        "{text}"
    );
    assert!(!text.contains("NAV-kontor"), "{text}");
    let all = ask("Hvilke sektorer har strategier?").render_plain();
    for q in [
        "Hvilke sektorer har nasjonale strategier?",
        "Hvilke sektorer har en egen digitaliseringsstrategi?",
    ] {
        assert_eq!(
            ask(q).render_plain().lines().next(),
            all.lines().next(),
            "{q}"
        );
    }
    let public = ask("Hvilke sektorer har offentlig tilgjengelige porteføljer?").render_plain();
    assert!(
        !public.contains("Det finnes ikke offentlig tilgjengelige"),
        "{public}"
    );
}

/// What is done "to coordinate" or "to fund" asks for coordination or
/// funding, whatever else the question says the ministry does.
#[test]
fn a_purpose_names_the_section() {
    for (q, intent) in [
        (
            "Hva gjør Kunnskapsdepartementet for å koordinere digitalisering?",
            "coordination",
        ),
        (
            "Kva gjer KLD for å samordne digitaliseringa?",
            "coordination",
        ),
        (
            "What does the health ministry do to coordinate digitalisation?",
            "coordination",
        ),
        ("Hva gjør SD for å finansiere digitalisering?", "funding"),
        (
            "What is done to fund digitalisation in the justice sector?",
            "funding",
        ),
    ] {
        assert_eq!(ask(q).intent.id(), intent, "{q}");
    }
}

/// A date question is "not in the sheet" unless a paragraph has every
/// word the sheet knows, each name and a year; then that paragraph
/// answers.
#[test]
fn a_date_the_sheet_states_is_answered() {
    for q in [
        "Når ble Viderebruksutvalget opprettet?",
        "When was the Viderebruksutvalget set up?",
        "når vart Viderebruksutvalet oppretta?",
    ] {
        let r = ask(q);
        assert_ne!(r.intent.id(), "unknown", "{q}");
        let text = r.render_plain();
        assert!(text.contains("6. oktober 2021"), "{q}: {text}");
    }
    assert_eq!(ask("når vart Viderebruksutvalet oppretta?").lang.id(), "nn");
    for q in [
        "Når ble NVE opprettet?",
        "When was Digdir founded?",
        "Hvor mange ansatte har Skatteetaten?",
        "How many employees does NAV have?",
        "Hvor mye penger har DigiFin delt ut totalt?",
        "Kor mykje pengar har Forskingsrådet løyvd til digitalisering?",
    ] {
        assert_eq!(ask(q).intent.id(), "unknown", "{q}");
    }
}

/// "helsesektorn" (the spoken definite form), "who's", "KS sin rolle".
#[test]
fn spoken_forms_contractions_and_roles() {
    for (q, intent, sector) in [
        ("strategier i helsesektorn", "strategies", "hod"),
        ("finansiering i kunnskapssektorns etater", "funding", "kd"),
        ("who's in charge of Barneombudet?", "agency_owner", "bfd"),
        ("Hva er KS sin rolle?", "responsibility", "ks"),
        (
            "hvilken rolle har Finansdepartementet?",
            "responsibility",
            "fin",
        ),
        ("Kva rolle har KS?", "responsibility", "ks"),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), intent, "{q}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}");
    }
    // An agency's role is what the sheet says about the agency.
    assert_eq!(ask("Hva er Digdir sin rolle?").intent.id(), "agency_info");
}

/// "who sits in/on X" asks for a body's members (its coordination
/// paragraph), and "sits" is no name.
#[test]
fn who_sits_in_a_body() {
    let r = ask("who sits in Digitaliseringsutvalget?");
    assert_ne!(r.intent.id(), "unknown");
    assert!(r.render_plain().contains("digitaliseringssjefer"));
    let r = ask("who sits on KommIT-rådet?");
    assert_eq!(r.intent.id(), "coordination");
    assert_eq!(r.sectors, vec!["ks".to_owned()]);
}

/// How a ministry follows up, who sets priorities: coordination; "the key
/// steering document": strategies.
#[test]
fn following_up_priorities_and_steering_documents() {
    for (q, intent, sector) in [
        (
            "hvordan følger BFD opp digitalisering i sektoren sin?",
            "coordination",
            "bfd",
        ),
        (
            "korleis følgjer KLD opp digitaliseringa?",
            "coordination",
            "kld",
        ),
        (
            "hvem bestemmer prioriteringene i helsesektoren?",
            "coordination",
            "hod",
        ),
        (
            "how does the Ministry of Finance follow up digitalisation?",
            "coordination",
            "fin",
        ),
        (
            "which steering documents does the health sector have?",
            "strategies",
            "hod",
        ),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), intent, "{q}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}");
    }
}

/// "managed by X" names who runs a scheme; "how is X managed" asks for
/// coordination.
#[test]
fn managed_by_is_no_coordination_question() {
    let r = ask("What are the skjønnsmidler managed by Statsforvalteren for?");
    assert_eq!(r.intent.id(), "funding");
    assert!(r.render_plain().contains("fornying og innovasjon"));
    let r = ask("how is digitalisation managed in the health sector?");
    assert_eq!(r.intent.id(), "coordination");
}

/// A sector compound with the head mistyped by one letter splits like the
/// right one; a word that only ends like a head does not.
#[test]
fn mistyped_sector_compounds() {
    for (q, intent, sector) in [
        (
            "hvordan finansieres digitalisering i helsesekotren?",
            "funding",
            "hod",
        ),
        ("hvilke strategier har justissektorne?", "strategies", "jd"),
        (
            "hvem styrer digitaliseringen i landbrukssecktoren?",
            "coordination",
            "lmd",
        ),
        (
            "what are the measures in the culture sector?",
            "measures",
            "kud",
        ),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), intent, "{q}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}");
    }
}

/// Thanks after a filler word is still thanks, not "ok" or "bye"; thanks
/// then a name is a question about it.
#[test]
fn thanks_however_said_and_thanks_then_a_question() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, start) in [
        ("takk for hjelpen!", "Bare hyggelig"),
        ("takk skal du ha", "Bare hyggelig"),
        ("flott, takk skal du ha!", "Bare hyggelig"),
        ("thanks a lot", "You're welcome"),
        ("thanks mate", "You're welcome"),
        ("ha det", "Ha det bra"),
        ("greit", "Greit"),
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "smalltalk", "{q}");
        assert!(
            r.render_plain().starts_with(start),
            "{q}: {}",
            r.render_plain()
        );
    }
    let r = e.ask("t", "hvordan finansieres digitalisering i KD?");
    assert_eq!(r.intent.id(), "funding");
    let r = e.ask("t", "takk! og i helsesektoren?");
    assert_eq!(r.intent.id(), "funding");
    assert_eq!(r.sectors, vec!["hod".to_owned()]);
}

/// A date the sheet states is answered from its paragraph, found by the
/// sheet's other verb too ("opprettet" for "etablert"); a date it does not
/// state is not filled in from a paragraph that only names the agency.
#[test]
fn dates_the_sheet_states_and_dates_it_does_not() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, sector, has) in [
        ("Når etablerte Norad egen IKT-plattform?", "ud", "I 2024"),
        (
            "Når vert den nasjonale infrastrukturen for sensitive data oppretta?",
            "hod",
            "januar 2026",
        ),
        (
            "Når vart Statens graderte plattformtjenester oppretta som eiga etat?",
            "fd",
            "1. januar 2025",
        ),
    ] {
        let r = e.ask(q, q);
        let text = r.render_plain();
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}: {text}");
        assert!(text.contains(has), "{q}: {text}");
    }
    for q in [
        "Når ble Skatteetaten etablert?",
        "When was Norad founded?",
        "Når ble Digdir opprettet som etat?",
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "unknown", "{q}: {}", r.render_plain());
    }
}

/// Salaries, a budget in kroner and a total budget are not in the sheet; its one sum (the
/// KS scheme's threshold) is, asked in kroner too.
#[test]
fn salaries_and_sums() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "Hvor høy er lønnen til direktøren i Skatteetaten?",
        "kva er løna til ein rådgjevar i NAV",
        "How much is the salary of the head of Husbanken?",
        "Hva er budsjettet til Lånekassen i millioner kroner?",
        "What is NVE's budget in NOK?",
        "What is the overall budget of Skatteetaten?",
        "Hva er det totale IT-budsjettet til Statens vegvesen?",
        "kva er det samla budsjettet til Husbanken",
        "How much does Brreg spend on IT?",
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "unknown", "{q}: {}", r.render_plain());
    }
    for q in [
        "Hvor mange kroner er terskelverdien for KS-ordningen?",
        "How many kroner is the threshold of the KS scheme?",
    ] {
        let r = e.ask(q, q);
        let text = r.render_plain();
        assert_eq!(r.sectors, vec!["jd".to_owned()], "{q}: {text}");
        assert!(text.contains("300 mill. kroner"), "{q}: {text}");
    }
    // A budget asked about without a sum is how it is funded.
    let q = "How are the budgets for digital projects in the health sector set?";
    let r = e.ask(q, q);
    assert_eq!(r.intent.id(), "funding", "{q}: {}", r.render_plain());
    assert_eq!(
        r.sectors,
        vec!["hod".to_owned()],
        "{q}: {}",
        r.render_plain()
    );
}

/// Who leads a council: answered by the paragraph that says so
/// ("Kunnskapsdepartementet leder rådet"), in nb, nn and en; unknown where
/// no paragraph with the council's own name says who leads it, or where
/// only the name of an agency is given; a bare "og hvem leder det?"
/// follows the chat.
#[test]
fn who_leads_a_council() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "Hvem leder samstyringsrådet?",
        "Kven leiar samstyringsrådet for digitalisering?",
        "who chairs the Samstyringsråd?",
    ] {
        let r = e.ask(q, q);
        let text = r.render_plain();
        assert_eq!(r.sectors, vec!["kd".to_owned()], "{q}: {text}");
        assert!(
            text.contains("Kunnskapsdepartementet leder rådet"),
            "{q}: {text}"
        );
    }
    for q in [
        "Who leads the Digitaliseringsrådet?",
        "Hvem leder KS?",
        "hvem leder Skatteetaten?",
        "Hvor stor er sektoravgiften i kroner?",
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "unknown", "{q}: {}", r.render_plain());
    }
    let _ = e.ask("c", "Hvordan samordner KD digitaliseringen?");
    let r = e.ask("c", "og hvem leder det?");
    assert_eq!(r.sectors, vec!["kd".to_owned()], "{}", r.render_plain());
    assert_ne!(r.intent.id(), "unknown", "{}", r.render_plain());
}

/// A name inside a longer topic word is part of it: "the KS scheme" is
/// KS-ordningen, not the municipal sector; "the National Transport Plan"
/// is searched for, not the transport sector's overview.
#[test]
fn names_inside_topic_words() {
    let e = faktabot::Engine::bundled().unwrap();
    let r = e.ask("a", "What is the threshold value of the KS scheme?");
    assert_eq!(r.sectors, vec!["jd".to_owned()], "{}", r.render_plain());
    let r = e.ask("b", "How often is the National Transport Plan submitted?");
    let text = r.render_plain();
    assert_eq!(r.sectors, vec!["sd".to_owned()], "{text}");
    assert!(text.contains("hvert 4 år"), "{text}");
}

/// "Hvilke sektorer samarbeider med X?" lists the parts that name X; a
/// greeting inside a script is code, not a greeting.
#[test]
fn sectors_working_with_an_agency_and_markup() {
    let e = faktabot::Engine::bundled().unwrap();
    let r = e.ask(
        "a",
        "Hvilke departementer samarbeider med Statsforvalteren?",
    );
    assert_eq!(r.intent.id(), "cross_sector", "{}", r.render_plain());
    assert!(r.sectors.contains(&"lmd".to_owned()), "{r:?}");
    // A sector (KS) beside a common word: the parts that name it, not
    // every part that says "samarbeid".
    let r = e.ask("k", "Which ministries cooperate with KS?");
    assert!(r.sectors.contains(&"kd".to_owned()), "{r:?}");
    assert!(!r.sectors.contains(&"sd".to_owned()), "{r:?}");
    // The sheet's words around a rare one name what they name.
    let r = e.ask(
        "f",
        "I hvilke deler av arket nevnes Fremtidens digitale Norge?",
    );
    assert_eq!(
        r.sectors,
        vec!["ed".to_owned(), "kld".to_owned()],
        "{}",
        r.render_plain()
    );
    // "utenom X", "other than X": that part is left out.
    let r = e.ask("u", "kva sektorar nemner KI utanom helsesektoren?");
    assert!(!r.sectors.contains(&"hod".to_owned()), "{r:?}");
    assert!(r.sectors.contains(&"dfd".to_owned()), "{r:?}");
    let r = e.ask("v", "Which sectors cooperate with KS other than KD?");
    assert!(!r.sectors.contains(&"kd".to_owned()), "{r:?}");
    assert!(r.sectors.contains(&"aid".to_owned()), "{r:?}");
    let r = e.ask("b", "<script>hallo</script>");
    assert_eq!(r.intent.id(), "unknown", "{}", r.render_plain());
    let r = e.ask("c", "<div><b>Hvem eier Lånekassen?</b></div>");
    assert_eq!(r.sectors, vec!["kd".to_owned()], "{}", r.render_plain());
}

/// "Which measures is NFD responsible for?": the section named after the
/// question word is asked about; "responsible for" / "ansvar for" only
/// says whose it is. A question with no section noun stays the ministry's
/// responsibilities.
#[test]
fn a_section_someone_is_responsible_for() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, intent, sector) in [
        (
            "Which initiatives is the Ministry of Trade responsible for?",
            "measures",
            "nfd",
        ),
        (
            "Kva tiltak har Landbruksdepartementet ansvaret for?",
            "measures",
            "lmd",
        ),
        (
            "Hvilke strategier har helsedepartementet ansvar for?",
            "strategies",
            "hod",
        ),
        (
            "which strategy is the Ministry of Education in charge of",
            "strategies",
            "kd",
        ),
        (
            "Hva har Kulturdepartementet ansvar for?",
            "responsibility",
            "kud",
        ),
    ] {
        let r = e.ask(q, q);
        let text = r.render_plain();
        assert_eq!(r.intent.id(), intent, "{q}: {text}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}: {text}");
        assert!(!text.contains("Did you mean"), "{q}: {text}");
    }
}

/// A word the sheet has only as the head of its compounds ("CERT" of
/// "VegCERT" and "MiljøCERT") is the topic of a question across the parts,
/// so "miljø" beside it ("arbeidsmiljø" in AID) does not answer.
#[test]
fn a_compound_head_across_the_parts() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "Hvilke sektorer har et CERT-miljø?",
        "which sectors have their own CERT environment?",
    ] {
        let r = e.ask(q, q);
        let text = r.render_plain();
        assert_eq!(r.intent.id(), "cross_sector", "{q}: {text}");
        let mut sectors = r.sectors.clone();
        sectors.sort();
        assert_eq!(
            sectors,
            vec!["kld".to_owned(), "sd".to_owned()],
            "{q}: {text}"
        );
        assert!(
            text.contains("VegCERT") && text.contains("MiljøCERT"),
            "{q}: {text}"
        );
    }
}

/// "Hvem vant Digitaliseringsprisen i 2023?" was "not in the sheet"; the
/// sheet says DigiUng won it. A prize the sheet never names stays unknown.
#[test]
fn a_prize_the_sheet_names_and_one_it_does_not() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "Hvem vant Digitaliseringsprisen i 2023?",
        "Kven vann Digitaliseringsprisen?",
        "Who won the Digitaliseringsprisen in 2023?",
    ] {
        let r = e.ask(q, q);
        let text = r.render_plain();
        assert_eq!(r.sectors, vec!["bfd".to_owned()], "{q}: {text}");
        assert!(
            text.contains("DigiUng vant Digitaliseringsprisen"),
            "{q}: {text}"
        );
    }
    for q in ["Hvem vant Nobelprisen i 2019?", "Who won the Nobel prize?"] {
        assert_eq!(e.ask(q, q).intent.id(), "unknown", "{q}");
    }
}

/// "What is X supposed to do?", "Hva er rollen til X?": the words around
/// the name are question language, not an unknown name; search answers
/// from the paragraph that names X.
#[test]
fn what_a_thing_is_for() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, word) in [
        (
            "What is the Viderebruksutvalget supposed to do?",
            "Viderebruksutvalget",
        ),
        (
            "What is the purpose of Viderebruksutvalget?",
            "Viderebruksutvalget",
        ),
        (
            "Hva er formålet med Viderebruksutvalget?",
            "Viderebruksutvalget",
        ),
        ("Hva er rollen til Stimulab?", "Stimulab"),
        ("Kva er rolla til Stimulab?", "Stimulab"),
    ] {
        let r = e.ask(q, q);
        let text = r.render_plain();
        assert!(text.contains(word), "{q}: {text}");
        assert!(
            !text.contains('«') || !text.contains("called"),
            "{q}: {text}"
        );
        assert_ne!(r.intent.id(), "unknown", "{q}: {text}");
    }
}

/// An introduction with a role ("I'm a consultant working with Politiet")
/// is an introduction, answered with the agency's owner alone; a question
/// about "us" beside it is answered.
#[test]
fn an_introduction_with_a_role() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, sector) in [
        ("I'm a consultant working with Politiet this autumn", "jd"),
        ("I work as an adviser at NVE", "ed"),
        ("Jeg er konsulent hos Statens vegvesen i høst", "sd"),
        ("jeg jobber som rådgiver i Skatteetaten", "fin"),
        ("Eg er rådgjevar i Statsforvaltaren", "dfd"),
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "agency_owner", "{q}: {r:?}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}: {r:?}");
    }
    let q = "I'm a project manager at Digdir. What is our ministry responsible for?";
    let r = e.ask(q, q);
    assert_eq!(r.intent.id(), "responsibility", "{r:?}");
    assert_eq!(r.sectors, vec!["dfd".to_owned()]);
    // and the introduction is kept for what follows
    assert_eq!(
        e.ask(q, "hvilke strategier har vi?").sectors,
        vec!["dfd".to_owned()]
    );
}

/// "en felles plan for digitaliseringen" is a strategy; "holder i trådene"
/// is coordination; "Hvem mangler en strategi?" asks across the parts.
#[test]
fn plans_threads_and_who_lacks() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, intent, sector) in [
        (
            "Finnes det en felles plan for digitalisering i KLD?",
            "strategies",
            "kld",
        ),
        (
            "Is there an overall plan for digitalisation in HOD?",
            "strategies",
            "hod",
        ),
        (
            "Hvem holder i trådene for digitalisering i BFD?",
            "coordination",
            "bfd",
        ),
        (
            "Kven held i trådane for digitaliseringa i KD?",
            "coordination",
            "kd",
        ),
        (
            "Who pulls the strings on digitalisation in HOD?",
            "coordination",
            "hod",
        ),
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), intent, "{q}: {}", r.render_plain());
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}");
    }
    for q in [
        "Hvem mangler en overordnet digitaliseringsstrategi?",
        "Kven har ikkje ein eigen digitaliseringsstrategi?",
        "Who lacks an overall digitalisation strategy?",
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "cross_sector", "{q}");
        assert!(
            r.sectors.contains(&"fin".to_owned()) && r.sectors.contains(&"lmd".to_owned()),
            "{q}: {:?}",
            r.sectors
        );
        assert!(
            !r.sectors.contains(&"kld".to_owned()),
            "{q}: {:?}",
            r.sectors
        );
    }
}

/// "the Research Council" is translated to one name ("Forskningsrådet");
/// its "council" is no coordination keyword. "laget" (made) and "sector
/// fees" are not topics the parts must share.
#[test]
fn translated_names_and_made_things_across_the_parts() {
    let e = faktabot::Engine::bundled().unwrap();
    let q = "Where is the Research Council mentioned?";
    let r = e.ask(q, q);
    assert_eq!(r.intent.id(), "cross_sector", "{}", r.render_plain());
    assert!(r.sectors.contains(&"kd".to_owned()), "{:?}", r.sectors);
    for q in [
        "Hvilke sektorer har laget et veikart?",
        "Which sectors have made a roadmap?",
    ] {
        let r = e.ask(q, q);
        assert!(
            r.sectors.contains(&"nfd".to_owned()),
            "{q}: {:?}",
            r.sectors
        );
        assert!(
            !r.sectors.contains(&"ud".to_owned()),
            "{q}: {:?}",
            r.sectors
        );
    }
    let q = "Which sectors finance digitalisation through sector fees?";
    assert_eq!(e.ask(q, q).sectors, vec!["ed".to_owned()]);
}

/// "kva er hovudmåla i han?" after a strategy: the goals the sheet lists.
#[test]
fn the_main_goals_of_a_strategy() {
    let e = faktabot::Engine::bundled().unwrap();
    for (chat, q) in [
        ("g1", "kva er hovudmåla i han?"),
        ("g2", "what are its main goals?"),
    ] {
        e.ask(chat, "Kva strategiar har KLD?");
        let r = e.ask(chat, q);
        let text = r.render_plain();
        assert_eq!(r.sectors, vec!["kld".to_owned()], "{q}: {text}");
        assert!(
            text.contains("Økt datadeling og viderebruk av data"),
            "{q}: {text}"
        );
    }
}

/// "Kan virksomheter få hjelp til å finansiere IT-prosjekter?" was the help
/// text's rival and then one sector's funding: help is a request for help
/// only on its own ("hjelp!", "jeg trenger hjelp"), and "IT" is no "it".
#[test]
fn help_to_fund_is_no_request_for_help() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "Kan virksomheter få hjelp til å finansiere IT-prosjekter?",
        "Can agencies get help to fund IT projects?",
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "funding", "{q}: {}", r.render_plain());
        assert!(
            r.sectors.is_empty(),
            "{q}: a sector the question does not name: {:?}",
            r.sectors
        );
    }
    for q in [
        "hjelp",
        "Hjelp!",
        "jeg trenger hjelp",
        "hjelp meg",
        "help",
        "I need help",
    ] {
        assert_eq!(e.ask(q, q).intent.id(), "help", "{q}");
    }
}

/// "IT" in a Norwegian question is IT, not the English "it" that makes a
/// turn a follow-up; "and what about it?" still is one.
#[test]
fn it_in_a_norwegian_question_is_no_follow_up() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "Kan virksomheter få hjelp til å finansiere IT-prosjekter?",
        "Kva IT-prosjekt finst i KD?",
    ] {
        assert!(!e.trace(q).analysis.followup, "{q}");
    }
    assert!(e.trace("and how is it funded?").analysis.followup);
}

/// A misspelt question word or keyword ("whcih", "fundded", "hvilek") is
/// read as the word it misspells, never as a name the sheet lacks.
#[test]
fn misspelt_question_words_are_no_names() {
    let e = faktabot::Engine::bundled().unwrap();
    let q = "whcih sectors got money from the co-funding scheme?";
    let r = e.ask(q, q);
    assert_eq!(r.intent.id(), "cross_sector", "{}", r.render_plain());
    assert!(r.sectors.contains(&"lmd".to_owned()), "{:?}", r.sectors);
    for (q, intent) in [
        ("hvilek strategier har KD?", "strategies"),
        ("how is digitalisation fundded in HOD?", "funding"),
    ] {
        assert_eq!(e.ask(q, q).intent.id(), intent, "{q}");
    }
    e.ask("misspelt", "I work at NVE");
    let r = e.ask("misspelt", "how is digitalisation fundded for us?");
    assert_eq!(r.intent.id(), "funding", "{}", r.render_plain());
    assert_eq!(r.sectors, vec!["ed".to_owned()]);
    // a name the sheet lacks is still one
    let r = e.ask("statnett", "hvem eier Statnett?");
    assert!(
        r.render_plain().contains("Statnett"),
        "{}",
        r.render_plain()
    );
}

/// "Hvilke sektorer nevner digitaliseringsrådet?" listed all 17 parts:
/// "digitalisering", in nearly every paragraph, covered the word it heads.
/// A rare head still covers ("medfinansiering" of
/// "medfinansieringsordningen").
#[test]
fn a_common_head_does_not_cover_its_compound() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "Hvilke sektorer nevner digitaliseringsrådet?",
        "hvilke sektorer har eget digitaliseringsråd?",
    ] {
        assert_eq!(e.ask(q, q).sectors, vec!["dfd".to_owned()], "{q}");
    }
    let q = "Hvilke sektorer har fått midler fra medfinansieringsordningen?";
    assert!(e.ask(q, q).sectors.contains(&"lmd".to_owned()));
}

/// "hvem har egne CERT-miljøer?", "kven nemner X?", "Sikt er nevnt hvor?"
/// ask across the parts; "hvem har ansvar for X" does not.
#[test]
fn who_has_or_mentions_across_the_parts() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, sector) in [
        ("hvem har egne CERT-miljøer?", "sd"),
        ("kven nemner Fremtidens digitale Norge?", "kld"),
        ("Sikt er nevnt hvor?", "kd"),
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "cross_sector", "{q}: {}", r.render_plain());
        assert!(
            r.sectors.contains(&sector.to_owned()),
            "{q}: {:?}",
            r.sectors
        );
    }
    let q = "hvem har ansvar for pengespill og lotteri";
    assert_eq!(e.ask(q, q).sectors, vec!["kud".to_owned()]);
}

/// "I'm a bit confused about NVE" is no introduction (the classifier's
/// introduction needs a word like "at", "with", "i", "hos" before the
/// name); "I'm the new IT lead at X", "Eg er IT-sjef i X" are.
#[test]
fn introductions_need_a_place() {
    let e = faktabot::Engine::bundled().unwrap();
    let q = "I'm a bit confused about NVE";
    assert!(!e.ask(q, q).render_plain().contains("Welcome"));
    for (q, sector) in [
        ("I'm the new IT lead at Sokkeldirektoratet 👋", "ed"),
        ("jeg er ny IT-sjef i Tolletaten", "fin"),
        ("Hey, I'm with Forsvarsmateriell", "fd"),
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "agency_owner", "{q}: {}", r.render_plain());
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}");
    }
    let chat = "placed";
    e.ask(chat, "I'm the new IT lead at Sokkeldirektoratet");
    e.ask(chat, "how is digitalisation funded in the defence sector?");
    let r = e.ask(
        chat,
        "back to us: is there any portfolio or list of projects?",
    );
    assert_eq!(r.sectors, vec!["ed".to_owned()], "{}", r.render_plain());
}

/// "hvem bestemmer over digitalisering på X" is coordination; "noen konkrete
/// prosjekter" asks for the measures whatever frame is around it; "er det
/// LMD eller KDD?" is the owner, with no "yes" or "no" to one of the two.
#[test]
fn who_decides_concrete_projects_and_which_of_two() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, intent, sector) in [
        (
            "hvem bestemmer over digitalisering på kulturfeltet",
            "coordination",
            "kud",
        ),
        (
            "Who decides on digitalisation in HOD?",
            "coordination",
            "hod",
        ),
        (
            "hva jobber de med i KDD? noen konkrete prosjekter",
            "measures",
            "kdd",
        ),
        (
            "What are they working on in NFD? any concrete projects?",
            "measures",
            "nfd",
        ),
        (
            "Internasjonalt reindriftssenter – er det LMD eller KDD?",
            "agency_owner",
            "kdd",
        ),
        ("Statens vegvesen, is it SD or KDD?", "agency_owner", "sd"),
    ] {
        let r = e.ask(q, q);
        let text = r.render_plain();
        assert_eq!(r.intent.id(), intent, "{q}: {text}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}");
        assert!(
            !text.starts_with("Yes") && !text.starts_with("Nei"),
            "{q}: {text}"
        );
    }
}

/// A question about an agency and a thing the sheet never names
/// ("operativsystem", "styringsrenta") is "the sheet does not say", not
/// what the sheet says of the agency; a question about the agency itself is
/// still answered.
#[test]
fn an_agency_and_a_thing_the_sheet_lacks() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "hvilket operativsystem bruker Forsvaret på PC-ene sine?",
        "hva er styringsrenta til norges bank nå",
    ] {
        assert_eq!(e.ask(q, q).intent.id(), "unknown", "{q}");
    }
    for q in [
        "Fortell meg om Sikt",
        "Hva gjør Kartverket med Norge digitalt?",
    ] {
        assert_eq!(e.ask(q, q).intent.id(), "agency_info", "{q}");
    }
}

/// Opening hours are not in the sheet ("når har Lånekassen åpent i dag?",
/// "Is the Tax Administration open today?"); "åpent tilgjengelig" (publicly
/// available) is still the portfolio.
#[test]
fn opening_hours_are_not_in_the_sheet() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "når har Lånekassen åpent i dag?",
        "Is the Tax Administration open today?",
        "When does NAV close?",
    ] {
        assert_eq!(e.ask(q, q).intent.id(), "unknown", "{q}");
    }
    let q = "har HOD en åpent tilgjengelig portefølje?";
    assert_eq!(e.ask(q, q).intent.id(), "portfolio");
}

/// "strategier for digital sikkerhet": one topic word and a common word
/// beside it that a strategies section has as a phrase narrow the facet
/// to the parts that have it; one plain word still leaves the facet.
#[test]
fn a_facet_narrowed_by_a_phrase() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "Hvilke sektorer har strategier for digital sikkerhet?",
        "which sectors have strategies on digital security",
    ] {
        let r = e.ask(q, q);
        assert_eq!(
            r.sectors,
            vec!["jd".to_owned()],
            "{q}: {}",
            r.render_plain()
        );
        assert!(
            r.render_plain()
                .contains("Nasjonal strategi for digital sikkerhet")
        );
    }
    let q = "Hvilke sektorer har nasjonale strategier?";
    assert!(e.ask(q, q).sectors.len() > 5);
}

/// "kven sit i det øvste rådet?" in a chat about KS: "øvste" (highest) is
/// no unknown name; the chat's coordination answers.
#[test]
fn the_highest_council_is_no_name() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask(
        "oevste",
        "korleis samordnar kommunane seg på digitalisering?",
    );
    let r = e.ask("oevste", "kven sit i det øvste rådet?");
    assert_eq!(r.intent.id(), "coordination", "{}", r.render_plain());
    assert_eq!(r.sectors, vec!["ks".to_owned()]);
}

/// "I'd like to read more on Lånekassen" is a question about the agency,
/// not an introduction: "on" does not place the user anywhere.
#[test]
fn more_on_an_agency_is_no_introduction() {
    let e = faktabot::Engine::bundled().unwrap();
    let r = e.ask("on", "I'd like to read more on Lånekassen");
    assert_eq!(r.intent.id(), "agency_info", "{}", r.render_plain());
    assert!(!r.render_plain().contains("Welcome"));
}

/// "etatsstyringen av X", "eierskapet til X": who owns the agency.
#[test]
fn the_agency_steering_of_an_agency_asks_its_owner() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, owner) in [
        ("Hvem har etatsstyringen av Kystverket?", "nfd"),
        ("kven har etatsstyringa av Sjøfartsdirektoratet", "nfd"),
        ("hvem har eierskapet til Avinor?", "sd"),
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "agency_owner", "{q}: {}", r.render_plain());
        assert_eq!(r.sectors, vec![owner.to_owned()], "{q}");
    }
}

/// "Across the ministries, …" asks across the parts, like "across the
/// sectors".
#[test]
fn across_the_ministries_asks_across_the_parts() {
    let e = faktabot::Engine::bundled().unwrap();
    let q = "Across the ministries, who talks about artificial intelligence?";
    let r = e.ask(q, q);
    assert_eq!(r.intent.id(), "cross_sector", "{}", r.render_plain());
    assert!(r.sectors.len() >= 2, "{:?}", r.sectors);
}

/// "en liste over etatene i X", "ei oversikt over verksemdene i X": the
/// agencies, not a summary of the sector or a question back.
#[test]
fn a_list_of_the_agencies_is_the_agencies() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, s) in [
        ("Jeg trenger en liste over etatene i justissektoren", "jd"),
        (
            "gi meg ei oversikt over verksemdene i kultursektoren",
            "kud",
        ),
    ] {
        let r = e.ask(q, q);
        assert_eq!(
            r.intent.id(),
            "sector_agencies",
            "{q}: {}",
            r.render_plain()
        );
        assert_eq!(r.sectors, vec![s.to_owned()], "{q}");
        assert!(!r.render_plain().contains("Mente du"), "{q}");
    }
}

/// "involverer", "involve": a question verb; the agency beside it is the
/// topic, so the parts that mention the county governors answer.
#[test]
fn involving_is_a_question_verb() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "Which sectors involve the county governors?",
        "Kva sektorar involverer statsforvaltarane?",
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "cross_sector", "{q}");
        assert!(
            r.sectors.contains(&"lmd".to_owned()),
            "{q}: {:?}",
            r.sectors
        );
        assert!(
            !r.sectors.contains(&"jd".to_owned()),
            "{q}: {:?}",
            r.sectors
        );
    }
}

/// "and the arenas?", "og samordningsarenaene?" in a chat about a sector:
/// the arenas are what the coordination rules ask for, and a compound of
/// a sheet word and a rule keyword is no name the bot lacks.
#[test]
fn arenas_follow_the_chat() {
    let e = faktabot::Engine::bundled().unwrap();
    for (chat, q) in [
        ("arenas-en", "and the arenas?"),
        ("arenas-nb", "og samordningsarenaene?"),
        ("arenas-nb2", "og samarbeidsarenaene?"),
    ] {
        e.ask(chat, "I work at Statens vegvesen");
        e.ask(chat, "how is digitalisation funded for us?");
        let r = e.ask(chat, q);
        assert_eq!(r.intent.id(), "coordination", "{q}: {}", r.render_plain());
        assert_eq!(r.sectors, vec!["sd".to_owned()], "{q}");
    }
}

/// "I work at Statens vegvesen": English, though the name is Norwegian.
#[test]
fn an_english_introduction_with_a_norwegian_name_is_english() {
    let e = faktabot::Engine::bundled().unwrap();
    let r = e.ask("intro-en", "I work at Statens vegvesen");
    assert!(r.render_plain().contains("Welcome"), "{}", r.render_plain());
}

/// Which systems or software an agency uses: the sheet does not say.
#[test]
fn the_systems_an_agency_uses_are_not_in_the_sheet() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "What software does NAV use?",
        "hvilke IT-systemer bruker Skatteetaten?",
        "kva system brukar Lånekassen?",
    ] {
        assert_eq!(e.ask(q, q).intent.id(), "unknown", "{q}");
    }
}

/// An agency's budget this year is an amount the sheet does not give;
/// how a sector is funded is still funding.
#[test]
fn an_agencys_budget_is_not_in_the_sheet() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "kva er budsjettet til Kartverket i år?",
        "What is the budget of Statsbygg this year?",
    ] {
        assert_eq!(e.ask(q, q).intent.id(), "unknown", "{q}");
    }
    let q = "hvordan finansieres digitalisering i helsesektoren?";
    assert_eq!(e.ask(q, q).intent.id(), "funding");
}

/// "Which ministry is responsible for us?": the owner, asked without a
/// question back.
#[test]
fn the_ministry_responsible_for_us_is_the_owner() {
    let e = faktabot::Engine::bundled().unwrap();
    for (chat, intro, q) in [
        (
            "resp-en",
            "I work at Kartverket",
            "which ministry is responsible for us?",
        ),
        (
            "resp-nb",
            "jeg jobber i Kartverket",
            "hvilket departement er ansvarlig for oss?",
        ),
    ] {
        e.ask(chat, intro);
        let r = e.ask(chat, q);
        assert_eq!(r.intent.id(), "agency_owner", "{q}: {}", r.render_plain());
        assert_eq!(r.sectors, vec!["kdd".to_owned()], "{q}");
    }
}

/// "det samme for kultur?", "back to us, same question": the previous
/// question again, about the new subject or the user's own.
#[test]
fn the_same_question_again() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask("same-nn", "eg jobbar i Husbanken");
    e.ask("same-nn", "korleis vert digitalisering finansiert hos oss?");
    let r = e.ask("same-nn", "det same for kultur?");
    assert_eq!(r.intent.id(), "funding", "{}", r.render_plain());
    assert_eq!(r.sectors, vec!["kud".to_owned()]);
    e.ask("same-en", "I work at Kartverket");
    e.ask("same-en", "which strategies do we have?");
    e.ask("same-en", "what about the Ministry of Defence?");
    let r = e.ask("same-en", "back to us, same question");
    assert_eq!(r.intent.id(), "strategies", "{}", r.render_plain());
    assert_eq!(r.sectors, vec!["kdd".to_owned()]);
}

/// Former English names of ministries: the Ministry of Local Government
/// and Modernisation (KMD, split between KDD and DFD) is kept as a name,
/// not translated word by word; the Ministry of Fisheries and Coastal
/// Affairs is NFD.
#[test]
fn former_english_ministry_names() {
    let e = faktabot::Engine::bundled().unwrap();
    let q = "Was Husbanken under the Ministry of Local Government and Modernization?";
    let r = e.ask(q, q);
    assert_eq!(r.intent.id(), "agency_owner", "{}", r.render_plain());
    assert_eq!(r.sectors, vec!["kdd".to_owned()]);
    let q = "Is Kystverket under the Ministry of Fisheries and Coastal Affairs?";
    let r = e.ask(q, q);
    assert_eq!(r.intent.id(), "agency_owner", "{}", r.render_plain());
    assert_eq!(r.sectors, vec!["nfd".to_owned()]);
    assert!(r.render_plain().starts_with("Yes"), "{}", r.render_plain());
}

/// English "IT" in capitals is information technology, not the "it" of a
/// follow-up; "it" in lower case, or in a question all in capitals, still
/// is.
#[test]
fn it_in_capitals_is_no_follow_up() {
    let e = faktabot::Engine::bundled().unwrap();
    assert!(!e.analyze("Who runs our IT services?").followup);
    assert!(e.analyze("and who owns it?").followup);
    assert!(e.analyze("AND WHO OWNS IT?").followup);
}

/// A question about "us" with no rule, at an agency the sheet says it of
/// ("Who provides our IT services?" at Meteorologisk institutt): what the
/// sheet says about the user's agency, with the sentence that answers.
#[test]
fn a_question_about_us_is_about_our_agency_where_the_sheet_says_it() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask("met", "I'm a developer at Meteorologisk institutt");
    let r = e.ask("met", "Who provides our IT services?");
    assert_eq!(r.sectors, vec!["kld".to_owned()], "{}", r.render_plain());
    assert!(r.render_plain().contains("Sikt"), "{}", r.render_plain());
}

/// "I'm new at UDI": English, though the name is Norwegian and "I'm"
/// splits into "i" and "m".
#[test]
fn im_new_at_is_english() {
    let e = faktabot::Engine::bundled().unwrap();
    let r = e.ask("im-new", "I'm new at Brønnøysundregistrene");
    assert!(r.render_plain().contains("Welcome"), "{}", r.render_plain());
}

/// "jobber sammen", "work together": how the sector coordinates.
#[test]
fn working_together_is_coordination() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, s) in [
        ("Hvordan jobber etatene i justissektoren sammen?", "jd"),
        ("korleis jobbar etatane i landbruket saman?", "lmd"),
        (
            "How do the transport agencies work together on digitalisation?",
            "sd",
        ),
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "coordination", "{q}: {}", r.render_plain());
        assert_eq!(r.sectors, vec![s.to_owned()], "{q}");
    }
}

/// Nynorsk "nyttar" (uses) is a question verb, not a topic word that
/// finds "nytte" (benefit).
#[test]
fn nyttar_is_a_question_verb() {
    let e = faktabot::Engine::bundled().unwrap();
    let q = "Kva sektorar nyttar medfinansieringsordninga?";
    let r = e.ask(q, q);
    assert_eq!(r.intent.id(), "cross_sector");
    assert!(r.sectors.contains(&"dfd".to_owned()), "{:?}", r.sectors);
    assert!(!r.sectors.contains(&"hod".to_owned()), "{:?}", r.sectors);
}

/// A message no word of which marks a language ("cheers", "ok") is
/// answered in the chat's language; "hei" and "hos" are Norwegian, not
/// bokmål in particular.
#[test]
fn an_unmarked_message_keeps_the_chats_language() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask("lang-en", "I work at Statens vegvesen");
    let r = e.ask("lang-en", "cheers");
    assert_eq!(r.lang, faktabot::lang::Lang::En, "{}", r.render_plain());
    let r = e.ask("lang-nn", "Hei! Eg er ny i Husbanken");
    assert_eq!(r.lang, faktabot::lang::Lang::Nn, "{}", r.render_plain());
    let r = e.ask("lang-nn", "ok");
    assert_eq!(r.lang, faktabot::lang::Lang::Nn, "{}", r.render_plain());
    let r = e.ask("lang-nn", "kven er direktør hos oss?");
    assert_eq!(r.lang, faktabot::lang::Lang::Nn, "{}", r.render_plain());
    // A new chat with no language yet: bokmål.
    let r = e.ask("lang-new", "ok");
    assert_eq!(r.lang, faktabot::lang::Lang::Nb);
}

/// "and its sister agencies?" after questions about an agency, with no
/// introduction: the agency's ministry's agencies, not a search for
/// "sister".
#[test]
fn its_sister_agencies_follow_the_chat() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask("sis", "Tell me about Sokkeldirektoratet");
    e.ask("sis", "and how is that sector funded?");
    let r = e.ask("sis", "and its sister agencies?");
    assert_eq!(r.intent.id(), "sector_agencies", "{}", r.render_plain());
    assert_eq!(r.sectors, vec!["ed".to_owned()]);
}

/// "Who's the owner of X?", "the parent ministry of X": the owner.
#[test]
fn the_owner_of_an_agency_in_english() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, s) in [
        ("Whos the owner of Kartverket", "kdd"),
        ("what's the parent ministry of Tolletaten?", "fin"),
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "agency_owner", "{q}: {}", r.render_plain());
        assert_eq!(r.sectors, vec![s.to_owned()], "{q}");
    }
}

/// A part without the section asked for, asked about a topic it has
/// elsewhere: the missing section is named, then the paragraph that has
/// the topic ("programmes" in the defence sector: Forsvarsmateriell's
/// programme Mime, in its coordination).
#[test]
fn a_missing_section_shows_the_topic_where_the_part_has_it() {
    let e = faktabot::Engine::bundled().unwrap();
    let q = "Are there any digital programmes in the defence sector?";
    let r = e.ask(q, q);
    let text = r.render_plain();
    assert_eq!(r.intent.id(), "measures", "{text}");
    assert!(text.contains("says nothing about measures"), "{text}");
    assert!(text.contains("Mime"), "{text}");
    // Without a topic, only the note.
    let q = "What measures are described for the defence sector?";
    assert!(!e.ask(q, q).render_plain().contains("Mime"));
}

/// "Which ministry has the most agencies?": the count per part, not an
/// owner question without an agency.
#[test]
fn the_ministry_with_the_most_agencies() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "Which ministry has the most agencies?",
        "Hvilket departement har flest underliggende etater?",
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "cross_sector", "{q}: {}", r.render_plain());
        assert_eq!(r.sectors.first().map(String::as_str), Some("jd"), "{q}");
    }
}

/// "veiene", "vegane" (the roads) name the transport sector.
#[test]
fn the_roads_are_the_transport_sector() {
    let e = faktabot::Engine::bundled().unwrap();
    let q = "hvilket departement har ansvar for veiene?";
    let r = e.ask(q, q);
    assert_eq!(r.sectors, vec!["sd".to_owned()], "{}", r.render_plain());
}

/// "Direktoratet for samfunnssikkerhet" (without "og beredskap"): an
/// agency is also called by the first field of its name.
#[test]
fn an_agency_by_the_first_field_of_its_name() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, s) in [
        ("Hvem eier Direktoratet for samfunnssikkerhet?", "jd"),
        ("who owns Direktoratet for strålevern?", "hod"),
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), "agency_owner", "{q}: {}", r.render_plain());
        assert_eq!(r.sectors, vec![s.to_owned()], "{q}");
    }
}

/// Another country's ministries and agencies, and when a strategy runs
/// out, are not in the sheet; "the Offshore Directorate" (the English name
/// without "Norwegian") is Sokkeldirektoratet, and "whose is it?" asks
/// its owner.
#[test]
fn foreign_ministries_end_dates_and_english_names_without_norwegian() {
    let e = faktabot::Engine::bundled().unwrap();
    for q in [
        "Hvilke etater har Danmarks digitaliseringsministerium?",
        "Which agencies does Sweden's Ministry of Finance have?",
        "When does the health sector's e-health strategy expire?",
    ] {
        assert_eq!(e.ask(q, q).intent.id(), "unknown", "{q}");
    }
    let q = "the Offshore Directorate - whose is it?";
    let r = e.ask(q, q);
    assert_eq!(r.intent.id(), "agency_owner", "{}", r.render_plain());
    assert_eq!(r.sectors, vec!["ed".to_owned()]);
}

/// A ministry named by its task ("departementet som har ansvar for
/// veiene", "the ministry in charge of fisheries"): the part whose
/// responsibilities have the task, asked the question's other intent, not
/// a question back between that and the responsibilities.
#[test]
fn a_ministry_named_by_its_task() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, intent, s) in [
        (
            "Hvilke etater har departementet som har ansvar for veiene?",
            "sector_agencies",
            "sd",
        ),
        (
            "Kva etatar har departementet som har ansvar for valgjennomføring?",
            "sector_agencies",
            "kdd",
        ),
        (
            "Which agencies does the ministry in charge of fisheries have?",
            "sector_agencies",
            "nfd",
        ),
        (
            "Does the ministry in charge of defence have an AI strategy?",
            "strategies",
            "fd",
        ),
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.intent.id(), intent, "{q}: {}", r.render_plain());
        assert_eq!(r.sectors, vec![s.to_owned()], "{q}");
    }
    // Asked for its responsibilities, it is still the responsibilities.
    let q = "Hva har departementet som har ansvar for skolene ansvar for?";
    assert_eq!(e.ask(q, q).intent.id(), "responsibility");
}

/// A ministry's name with the last letter of "departementet" missing
/// ("Kulturdepartemente") still splits before its head and names the part.
#[test]
fn a_ministry_missing_its_last_letter() {
    let e = faktabot::Engine::bundled().unwrap();
    let q = "ansvarsområdet til Helsedepartemente";
    let r = e.ask(q, q);
    assert_eq!(r.intent.id(), "responsibility", "{}", r.render_plain());
    assert_eq!(r.sectors, vec!["hod".to_owned()]);
}

/// "Er Veterinærinstituttet under dei?" after a funding question: a rule
/// about the agency it names asks its owner, not the funding again.
#[test]
fn is_this_agency_under_them_asks_its_owner() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask(
        "under-dei",
        "Kva ansvar har Landbruks- og matdepartementet?",
    );
    e.ask("under-dei", "korleis er dei finansierte?");
    let r = e.ask("under-dei", "Er Veterinærinstituttet under dei?");
    assert_eq!(r.intent.id(), "agency_owner", "{}", r.render_plain());
    assert_eq!(r.sectors, vec!["lmd".to_owned()]);
}

/// "… that AID made together with KS", "… KDD utvikler sammen med KS": a
/// sector named as a partner of what is named before it is not what the
/// question is about.
#[test]
fn a_partner_sector_is_no_subject() {
    let e = faktabot::Engine::bundled().unwrap();
    for (q, s) in [
        ("Which strategy did AID make together with KS?", "aid"),
        (
            "Hva er den nye tilskuddsportalen KDD utvikler sammen med KS?",
            "kdd",
        ),
    ] {
        let r = e.ask(q, q);
        assert_eq!(r.sectors, vec![s.to_owned()], "{q}: {}", r.render_plain());
    }
    // Named first, KS is the subject.
    let q = "Hvilke strategier har KS laget sammen med KD?";
    assert_eq!(e.ask(q, q).sectors, vec!["ks".to_owned()]);
}

/// "do they have a CERT?": an abbreviation in capitals that the sheet's
/// compounds end in ("VegCERT", "MiljøCERT") is no unknown name; the
/// chat's part answers with its CERT.
#[test]
fn an_abbreviation_the_sheets_compounds_end_in_is_known() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask(
        "cert",
        "Tell me about the Ministry of Climate and Environment",
    );
    let r = e.ask("cert", "do they have a CERT?");
    assert_eq!(r.sectors, vec!["kld".to_owned()], "{}", r.render_plain());
    assert!(
        r.render_plain().contains("MiljøCERT"),
        "{}",
        r.render_plain()
    );
}

/// An owner asked for words written as a name the sheet never has one
/// after the other is a name it lacks, not a topic across the sectors;
/// a name the sheet writes ("Nasjonal transportplan") is still looked for.
#[test]
fn an_owner_of_a_name_the_sheet_lacks_is_not_found() {
    let e = Engine::bundled().unwrap();
    for (q, name) in [
        (
            "Hvilket departement eier Statens Innovasjonsfond?",
            "Innovasjonsfond",
        ),
        (
            "which ministry owns Nordic Datacenter?",
            "«Nordic Datacenter»",
        ),
        ("Hvem eier Nasjonalt Datasenter?", "«Nasjonalt Datasenter»"),
        (
            "Kva departement eig Nasjonalt Kompetansesenter?",
            "Kompetansesenter",
        ),
    ] {
        let r = e.ask(q, q);
        let text = r.render_plain();
        assert_eq!(r.intent.id(), "unknown", "{q}: {text}");
        assert!(r.sectors.is_empty(), "{q}: {text}");
        assert!(text.contains(name), "{q}: {text}");
    }
    let r = e.ask("t", "Hvilket departement står bak Nasjonal transportplan?");
    assert_ne!(r.intent.id(), "unknown", "{}", r.render_plain());
}

/// "my ministry" is where the user said they work, not the part of the
/// last answer.
#[test]
fn my_ministry_is_the_users_own() {
    for (intro, away, back) in [
        (
            "Hi, I work at Lånekassen.",
            "who owns Kystverket?",
            "what strategies does my ministry have?",
        ),
        (
            "Hei, jeg jobber i Lånekassen.",
            "hvem eier Kystverket?",
            "hvilke strategier har departementet mitt?",
        ),
        (
            "Hei, eg jobbar i Lånekassen.",
            "kven eig Kystverket?",
            "kva strategiar har mitt departement?",
        ),
    ] {
        let e = Engine::bundled().unwrap();
        e.ask("me", intro);
        e.ask("me", away);
        let r = e.ask("me", back);
        assert_eq!(
            r.sectors,
            vec!["kd".to_owned()],
            "{back}: {}",
            r.render_plain()
        );
    }
}

/// Ordinary words the sheet does not have ("document", "chapter") are no
/// names it lacks, nor misspelt keywords ("cross" is no "crops").
#[test]
fn ordinary_words_are_no_unknown_names() {
    let e = Engine::bundled().unwrap();
    e.ask("w", "who owns Statens vegvesen?");
    let r = e.ask("w", "what is the key planning document there?");
    assert_eq!(r.intent.id(), "strategies", "{}", r.render_plain());
    assert_eq!(r.sectors, vec!["sd".to_owned()]);
    let r = e.ask(
        "x",
        "Does the Ministry of Finance have a cross-sector steering group?",
    );
    assert_eq!(
        (r.intent.id(), r.sectors.clone()),
        ("coordination", vec!["fin".to_owned()]),
        "{}",
        r.render_plain()
    );
}

/// A board named by what it steers ("programstyret") is an arena.
#[test]
fn a_board_compound_asks_for_the_arenas() {
    let r = ask("Hvem sitter i programstyrene i kunnskapssektoren?");
    assert_eq!(
        (r.intent.id(), r.sectors.clone()),
        ("coordination", vec!["kd".to_owned()]),
        "{}",
        r.render_plain()
    );
}

/// A name in an example utterance ("Sverige") is still a name the sheet
/// lacks.
#[test]
fn a_country_is_no_sector() {
    let r = ask("Hvordan er digitaliseringen organisert i Sverige?");
    assert_eq!(r.intent.id(), "unknown", "{}", r.render_plain());
    assert!(r.sectors.is_empty());
}

/// The head of the compounds in the agencies' names ("ombud" of
/// "Barneombudet") is a topic across the parts.
#[test]
fn a_head_of_agency_names_across_the_parts() {
    let r = ask("Hvilke sektorer har et eget ombud?");
    let text = r.render_plain();
    assert_eq!(r.intent.id(), "cross_sector", "{text}");
    assert!(text.contains("Barneombudet"), "{text}");
    assert!(r.sectors.contains(&"bfd".to_owned()), "{text}");
}

/// A part named by a word another part's section has beside the rest of
/// the question ("kommunene" in the health part's funding) is the topic
/// there, when the part named has none of the rest.
#[test]
fn a_sector_word_can_be_part_of_the_topic() {
    let r = ask("Hvordan finansieres helseteknologi i kommunene?");
    let text = r.render_plain();
    assert_eq!(
        (r.intent.id(), r.sectors.clone()),
        ("funding", vec!["hod".to_owned()]),
        "{text}"
    );
    assert!(text.contains("helseteknologiordningen"), "{text}");
    // The part named keeps the question where its section has the topic.
    let r = ask("Hvordan finansieres DigiFin i kommunal sektor?");
    assert_eq!(r.sectors, vec!["ks".to_owned()], "{}", r.render_plain());
}

/// Asked for a judgement, the bot says the sheet does not judge, also
/// where the question names something of the sheet.
#[test]
fn a_judgement_is_not_the_sheets() {
    for q in [
        "Is Digipost a smart choice in your view?",
        "Er ID-porten en god løsning?",
        "Er Feide eit smart system?",
        "synes du Kartverket har en god strategi?",
        "trur du Helsedirektoratet gjer ein god jobb?",
    ] {
        assert_eq!(ask(q).intent.id(), "unknown", "{q}");
    }
}

/// The section named right after the question word is what is asked;
/// a verb of coordination after it only says whose it is.
#[test]
fn the_section_after_the_question_word_is_asked() {
    for (q, intent) in [
        ("hvilke strategier samordner Digdir?", "strategies"),
        ("kva tiltak koordinerer Helsedirektoratet?", "measures"),
        ("which strategies does Digdir coordinate?", "strategies"),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), intent, "{q}: {}", r.render_plain());
    }
}

/// A name that counts only in capitals because in lower case it is a word
/// of another language counts in lower case in a question of a language
/// where it is none: "aid" in a Norwegian chat is AID, "fin" in an English
/// one is FIN; "fin" in Norwegian and "aid" in English stay words.
#[test]
fn lower_case_names_count_where_they_are_no_word() {
    let e = Engine::bundled().unwrap();
    e.ask(
        "lc1",
        "korleis vert digitalisering finansiert i helsesektoren?",
    );
    let r = e.ask("lc1", "og kva med aid?");
    assert_eq!(r.sectors, vec!["aid"], "{r:?}");
    assert_eq!(r.intent.id(), "funding", "{r:?}");
    let r = ask("which strategies does fin have?");
    assert_eq!(r.sectors, vec!["fin"], "{r:?}");
    let r = ask("hvem eier met?");
    assert!(
        r.render_plain().contains("Klima- og miljødepartementet"),
        "{r:?}"
    );
    let r = ask("en fin dag");
    assert!(!r.sectors.contains(&"fin".to_owned()), "{r:?}");
    let r = ask("which agencies give development aid to farmers?");
    assert!(!r.sectors.contains(&"aid".to_owned()), "{r:?}");
}

/// "whats", "hows" as chat writes them are "what is", "how is"; "its"
/// stays "its".
#[test]
fn contractions_without_the_apostrophe_are_read() {
    let e = Engine::bundled().unwrap();
    e.ask("ct1", "tell me about the defence sector");
    let r = e.ask("ct1", "hows it coordinated");
    assert_eq!(r.intent.id(), "coordination", "{r:?}");
    assert_eq!(r.sectors, vec!["fd"], "{r:?}");
    let r = e.ask("ct1", "and its strategies?");
    assert_eq!(r.intent.id(), "strategies", "{r:?}");
    assert_eq!(r.sectors, vec!["fd"], "{r:?}");
    let r = ask("whats NFD responsible for");
    assert_eq!(r.intent.id(), "responsibility", "{r:?}");
    assert_eq!(r.sectors, vec!["nfd"], "{r:?}");
}

/// "Deltar vi i noe samarbeid på tvers av sektorer?" from someone who said
/// where they work asks for their own part's coordination, not for every
/// part that mentions cooperation.
#[test]
fn our_cooperation_across_sectors_is_our_coordination() {
    let e = Engine::bundled().unwrap();
    e.ask("oc1", "Jeg jobber i Kartverket.");
    let r = e.ask("oc1", "deltar vi i noe samarbeid på tvers av sektorer?");
    assert_eq!(r.intent.id(), "coordination", "{r:?}");
    assert_eq!(r.sectors, vec!["kdd"], "{r:?}");
    // Without "us" it is still a question across the sectors.
    let r = e.ask(
        "oc1",
        "hvilke sektorer har samarbeid på tvers av sektorer om data?",
    );
    assert_eq!(r.intent.id(), "cross_sector", "{r:?}");
}

/// "Hva gjør BFD med digitalisering?", "what's KD doing on
/// digitalisation?": what a part does with digitalisation as a whole is
/// its overview; an agency's is the agency.
#[test]
fn what_a_part_does_with_digitalisation_is_its_overview() {
    for q in [
        "hva gjør KLD med digitalisering?",
        "kva driv NFD med innan digitalisering",
        "what is the education ministry doing on digitalisation?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "sector_overview", "{q}: {r:?}");
        assert_eq!(r.sectors.len(), 1, "{q}: {r:?}");
    }
    assert_eq!(
        ask("hva gjør Brreg med digitalisering?").intent.id(),
        "agency_info"
    );
}

/// A long message that tells a story with other names in it and then asks
/// is read by its question.
#[test]
fn a_long_story_is_read_by_its_question() {
    let q = "hei, jeg sitter med en rapport om registre og har lest masse om Skatteetaten, \
             Folkeregisteret og finans, og noen på jobb sa at alt sånt hører under Finansdepartementet \
             mens andre sa noe helt annet, og nå har jeg brukt hele formiddagen på å lete uten å bli \
             klokere, og rapporten skal være ferdig i morgen tidlig. så: hvem eier egentlig \
             Brønnøysundregistrene? takk for hjelpen, dette har vært en lang uke";
    let r = ask(q);
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
    assert_eq!(r.sectors, vec!["nfd"], "{r:?}");
    // A short message with a name and then a question stays one question.
    let r = ask("Jeg jobber i Brønnøysundregistrene. Hvilke strategier har vi?");
    assert_eq!(r.sectors, vec!["nfd"], "{r:?}");
}

/// "the thing about", "greia med": chat words for what is asked about are
/// no topic the sheet lacks.
#[test]
fn the_thing_about_a_topic_is_the_topic() {
    for q in [
        "whats the thing about foster parents",
        "hva er greia med fosterforeldre?",
    ] {
        let r = ask(q);
        assert_eq!(r.sectors, vec!["bfd"], "{q}: {r:?}");
        assert!(r.render_plain().contains("Fosterforeldre"), "{q}: {r:?}");
    }
}

/// The partners "we" work with ("med kommunene og Statsforvalteren") are
/// not what a question about us asks about.
#[test]
fn the_partners_of_us_are_not_the_subject() {
    let e = faktabot::Engine::bundled().unwrap();
    for (chat, intro, q, want) in [
        (
            "p1",
            "Jeg jobber i Fiskeridirektoratet",
            "hvordan samarbeider vi med KS og Statsforvalteren?",
            "nfd",
        ),
        (
            "p2",
            "Eg jobbar i Helsedirektoratet",
            "samarbeidar vi med kommunane eller NAV om digitalisering?",
            "hod",
        ),
        (
            "p3",
            "I work at the Norwegian Tax Administration",
            "how do we collaborate with the municipalities and Brreg?",
            "fin",
        ),
    ] {
        e.ask(chat, intro);
        let r = e.ask(chat, q);
        assert_eq!(r.sectors, vec![want], "{q}: {r:?}");
    }
    // A follow-up about what the chat is about: the same.
    e.ask("p5", "how does Skatteetaten coordinate digitalisation?");
    let r = e.ask("p5", "and how is it coordinated with the municipalities?");
    assert_eq!(r.sectors, vec!["fin"], "{r:?}");
    // Without a user to be "us", the partner is still what is named.
    let r = e.ask("p4", "hvordan samarbeider vi med KS?");
    assert!(r.sectors.contains(&"ks".to_owned()), "{r:?}");
}

/// "Jeg sitter i X" says where the user works.
#[test]
fn sitting_in_an_agency_introduces_the_user() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask("s1", "jeg sitter i Arkivverket");
    let r = e.ask("s1", "hvilke strategier har vi?");
    assert_eq!(r.sectors, vec!["kud"], "{r:?}");
    e.ask("s2", "eg sit på Kystverket");
    let r = e.ask("s2", "kven eig oss?");
    assert_eq!(r.sectors, vec!["nfd"], "{r:?}");
}

/// "Who pays for X" asks about funding even when X is another section's
/// noun (the portfolio, the measures).
#[test]
fn who_pays_for_a_section_noun_is_funding() {
    for q in [
        "hvem betaler for porteføljen i helsesektoren?",
        "kven betalar for tiltaka i landbrukssektoren?",
        "who pays for the portfolio of the Ministry of Justice?",
    ] {
        assert_eq!(ask(q).intent.id(), "funding", "{q}");
    }
}

/// "Hvem har ansvaret for oss?" asks for the owner; "hvem har ansvar for
/// hva?" asks for the responsibilities.
#[test]
fn who_is_responsible_for_us_is_the_owner() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask("r1", "Jeg jobber i Politiet");
    let r = e.ask("r1", "hvem har ansvaret for oss?");
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
    assert_eq!(r.sectors, vec!["jd"], "{r:?}");
    e.ask("r2", "I work at Statistics Norway");
    let r = e.ask("r2", "who is responsible for us?");
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
    e.ask("r3", "Jeg jobber i Kartverket");
    let r = e.ask("r3", "hvem har ansvar for hva i departementet vårt?");
    assert_eq!(r.intent.id(), "responsibility", "{r:?}");
}

/// "What does it say about X?" after an owner question asks what the sheet
/// says of X, not its owner again; "that ministry" after it is X's own.
#[test]
fn what_it_says_about_an_agency_after_an_owner_question() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask("w1", "who owns Husbanken?");
    let r = e.ask("w1", "what does it say about Arkivverket");
    assert_eq!(r.intent.id(), "agency_info", "{r:?}");
    let r = e.ask("w1", "and the funding for that ministry?");
    assert_eq!(r.intent.id(), "funding", "{r:?}");
    assert_eq!(r.sectors, vec!["kud"], "{r:?}");
}

/// "deira" (nynorsk) and "their" point back to what was talked about.
#[test]
fn their_follows_the_chat() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask("d1", "kven eig Statens vegvesen?");
    let r = e.ask("d1", "korleis er finansieringa deira?");
    assert_eq!(r.sectors, vec!["sd"], "{r:?}");
    e.ask("d2", "who owns the Norwegian Directorate of Health?");
    let r = e.ask("d2", "what do the sheet's words say about their funding");
    assert_eq!(r.sectors, vec!["hod"], "{r:?}");
}

/// Nynorsk "kva er departementets ansvar" asks for responsibilities, not
/// which ministry; "kva departement" still asks which.
#[test]
fn what_is_the_ministrys_responsibility_in_nynorsk() {
    assert_eq!(
        ask("kva er departementets ansvar i samferdselssektoren?")
            .intent
            .id(),
        "responsibility"
    );
    assert_eq!(
        ask("kva departement høyrer Kystverket til?").intent.id(),
        "agency_owner"
    );
}

/// "What does the sheet say about the strategy of X" is X's strategies,
/// not a choice between them and what the sheet says of X; a question
/// about a topic of the sheet is no request for its list of parts.
#[test]
fn what_the_sheet_says_about_a_section() {
    for q in [
        "hva sier arket om strategiene til Arkivverket?",
        "kva seier faktaarket om strategien til Kystverket",
        "what does the sheet say about the strategies of Lånekassen?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "strategies", "{q}: {r:?}");
        assert!(r.candidates.is_empty(), "{q}: {r:?}");
    }
    let r = ask("kva seier arket om brukarbetaling?");
    assert_ne!(r.intent.id(), "list_sectors", "{r:?}");
}

/// The yearly frame a board decides is funding (the sheet states it: 40
/// MNOK), above the board's own name; what an agency got stays unknown.
#[test]
fn the_frame_a_board_decides_is_funding() {
    for q in [
        "hvor stor er den årlige rammen for felles investeringsmidler?",
        "kor stor er den årlege ramma til porteføljestyra i kunnskapssektoren?",
        "how large is the annual frame of the common investment funds?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "funding", "{q}: {r:?}");
        assert!(r.render_plain().contains("40 MNOK"), "{q}: {r:?}");
    }
    assert_eq!(
        ask("hvor mye penger fikk Skatteetaten i fjor?").intent.id(),
        "unknown"
    );
}

/// An agency checked against ours ("same ministry?", "one of our sister
/// agencies?") is asked for its owner; "which agencies are in the same
/// ministry" stays a list; nynorsk "kva dep har X" asks for the owner.
#[test]
fn an_agency_checked_against_ours_is_an_owner_question() {
    let e = faktabot::Engine::bundled().unwrap();
    e.ask("o1", "Jeg jobber i Kartverket");
    for q in [
        "hva med Husbanken, samme departement?",
        "er Valgdirektoratet en av søsteretatene våre?",
        "is Statsbygg in the same ministry?",
        "what about Datatilsynet, same sector as us?",
        "is Valgdirektoratet one of ours too?",
        "and Husbanken, is it ours as well?",
    ] {
        let r = e.ask("o1", q);
        assert_eq!(r.intent.id(), "agency_owner", "{q}: {r:?}");
    }
    e.ask("o2", "Jeg jobber i Kartverket");
    let r = e.ask("o2", "hvilke etater er i samme departement?");
    assert_eq!(r.intent.id(), "sector_agencies", "{r:?}");
    assert_eq!(r.sectors, vec!["kdd"], "{r:?}");
    // "... to us" is no check of an agency.
    let r = e.ask("o2", "are the strategies useful for us");
    assert_eq!(r.intent.id(), "strategies", "{r:?}");
    let r = ask("kva dep har Kystverket");
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
    assert_eq!(r.sectors, vec!["nfd"], "{r:?}");
}

/// What the sheet says of an agency is about the agency's own part; the
/// other parts it quotes are its sources, not parts the reply is about.
#[test]
fn agency_info_is_about_the_agencys_own_part() {
    let r = ask("Hva er Sikt?");
    assert_eq!(r.intent.id(), "agency_info", "{r:?}");
    assert_eq!(r.sectors, vec!["kd"], "{r:?}");
    assert!(r.sources.iter().any(|s| s.sector != "kd"), "{r:?}");
    // An agency under two ministries has both.
    let r = ask("what is Mattilsynet?");
    assert!(
        r.sectors.contains(&"lmd".to_owned()) && r.sectors.contains(&"hod".to_owned()),
        "{r:?}"
    );
}

/// A yes/no owner check is of the agencies named before the ministry asked
/// about; one named after it ("they use X, so I thought so") is a remark.
#[test]
fn an_owner_check_is_of_the_agencies_before_the_ministry() {
    let r = ask("Er Husbanken under KDD? De bruker Brønnøysundregistrene, så jeg tenkte det");
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
    assert_eq!(r.sectors, vec!["kdd"], "{r:?}");
    assert_eq!(r.agencies, vec!["Husbanken"], "{r:?}");
    let r = ask("Er NVE og Sokkeldirektoratet under Energidepartementet?");
    assert_eq!(r.agencies.len(), 2, "{r:?}");
}

/// Systems and programmes beyond a part's portfolio are its measures.
#[test]
fn systems_beyond_the_portfolio_are_measures() {
    for q in [
        "which IT systems does the justice sector have besides its portfolio?",
        "hvilke systemer har kunnskapssektoren utenom porteføljen til Sikt?",
    ] {
        assert_eq!(ask(q).intent.id(), "measures", "{q}");
    }
}

/// The sheet writes "satsningsområder"; "satsingsområder" and English
/// "focus areas" find them (UD's four, in its coordination section).
#[test]
fn satsingsomrader_are_the_sheets_satsningsomrader() {
    for q in [
        "hvilke satsingsområder har Utenriksdepartementet?",
        "kva satsingsområde har UD for digitaliseringa?",
        "what are the Foreign Ministry's focus areas?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "coordination", "{q}: {r:?}");
        assert!(
            r.render_plain().contains("Informasjonsforvaltning"),
            "{q}: {r:?}"
        );
    }
}

/// The names the analysis lists (`explain --json`) are those the decision
/// used: partners of "us" dropped are no longer among them.
#[test]
fn explained_names_leave_out_dropped_partners() {
    let e = faktabot::Engine::bundled().unwrap();
    let (_, ctx) = e.answer_at(
        None,
        "Jeg jobber i Fiskeridirektoratet",
        faktabot::engine::now_secs(),
    );
    let t = e.trace_in(&ctx, "hvordan samarbeider vi med KS og Statsforvalteren?");
    assert!(t.analysis.names.is_empty(), "{:?}", t.analysis.names);
    let t = e.trace("hvordan samarbeider NAV med KS?");
    assert!(
        t.analysis.names.iter().any(|n| n.contains("Nav")),
        "{:?}",
        t.analysis.names
    );
}

/// "den tredje", "the second one", "nummer 4": an item of the last
/// answer's list by its place; with no list, what the chat is about; a
/// question that names what it asks about is read as written.
#[test]
fn ordinals_refer_to_the_last_lists_items() {
    let e = faktabot::Engine::bundled().unwrap();
    let chat = |turns: &[&str]| {
        let mut ctx = None;
        let mut last = None;
        for q in turns {
            let (r, c) = e.answer_at(ctx.as_ref(), q, faktabot::engine::now_secs());
            ctx = Some(c);
            last = Some(r);
        }
        last.unwrap()
    };
    // The parts in the sheet's order: AID, BFD, DFD, ED, FIN, ...
    let r = chat(&["hvilke deler har faktaarket?", "fortell om den fjerde"]);
    assert_eq!(r.sectors, vec!["ed".to_owned()], "{r:?}");
    let r = chat(&["list the ministries", "what about number 5"]);
    assert_eq!(r.sectors, vec!["fin".to_owned()], "{r:?}");
    // The defence sector's agencies: Forsvaret first, Forsvarsmateriell last.
    let r = chat(&[
        "kva etatar har forsvarsdepartementet",
        "kven eig den siste?",
    ]);
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
    assert_eq!(r.agencies, vec!["Forsvarsmateriell".to_owned()], "{r:?}");
    // A question about one item keeps the list for the next.
    let r = chat(&[
        "which agencies are under the defence ministry",
        "what does the sheet say about the first one",
        "and the last one?",
    ]);
    assert_eq!(r.agencies, vec!["Forsvarsmateriell".to_owned()], "{r:?}");
    // No list: what the chat is about, its intent carried on.
    let r = chat(&[
        "hvilke strategier har justisdepartementet?",
        "og den første?",
    ]);
    assert_eq!(r.intent.id(), "strategies", "{r:?}");
    assert_eq!(r.sectors, vec!["jd".to_owned()], "{r:?}");
    // Named in the question: as written, whatever the chat's list.
    let r = chat(&["list the ministries", "what is the first strategy of KD?"]);
    assert_eq!(r.intent.id(), "strategies", "{r:?}");
    assert_eq!(r.sectors, vec!["kd".to_owned()], "{r:?}");
    // "For det første" is no reference.
    let r = chat(&["list the ministries", "for det første: hvem eier Sikt?"]);
    assert_eq!(r.sectors, vec!["kd".to_owned()], "{r:?}");
}

/// A phrase only a few paragraphs have ("Norge digitalt") is what a
/// question asks about, though each of its words is common: not a
/// follow-up about the chat's agency.
#[test]
fn a_rare_phrase_of_common_words_is_a_topic() {
    let e = faktabot::Engine::bundled().unwrap();
    let (_, ctx) = e.answer_at(None, "hvem eier Lånekassen?", faktabot::engine::now_secs());
    let (r, _) = e.answer_at(
        Some(&ctx),
        "fortell litt om Norge digitalt",
        faktabot::engine::now_secs(),
    );
    assert_eq!(r.sectors, vec!["kdd".to_owned()], "{r:?}");
    assert!(r.render_plain().contains("geografisk informasjon"), "{r:?}");
    // Common words one after the other in many paragraphs stay the chat's.
    let (r, _) = e.answer_at(
        Some(&ctx),
        "og hvem eier den?",
        faktabot::engine::now_secs(),
    );
    assert_eq!(r.sectors, vec!["kd".to_owned()], "{r:?}");
}

/// "Hva er vår rolle?" from an agency asks what the sheet says of the
/// agency; the ministry's role ("departementets rolle") is the ministry's.
#[test]
fn our_role_is_the_agencys_the_ministrys_role_the_ministrys() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "Jeg jobber i Skatteetaten", now);
    for q in [
        "hva er vår rolle i digitaliseringen?",
        "what is our role?",
        "kva er rolla vår?",
    ] {
        let (r, _) = e.answer_at(Some(&ctx), q, now);
        assert_eq!(r.intent.id(), "agency_info", "{q}: {r:?}");
        assert_eq!(r.agencies, vec!["Skatteetaten".to_owned()], "{q}: {r:?}");
    }
    for q in [
        "hva er departementets rolle?",
        "what is the role of the ministry?",
    ] {
        let (r, _) = e.answer_at(Some(&ctx), q, now);
        assert_ne!(r.intent.id(), "agency_info", "{q}: {r:?}");
        assert_eq!(r.sectors, vec!["fin".to_owned()], "{q}: {r:?}");
    }
}

/// "Hva går X ut på?" asks what X is: "går" is no topic word.
#[test]
fn what_a_thing_goes_out_on_is_what_it_is() {
    for (q, has) in [
        ("hva går ModUlf ut på?", "ModUlf"),
        ("kva går Stimulab ut på", "Stimulab"),
    ] {
        let r = ask(q);
        assert_ne!(r.intent.id(), "unknown", "{q}: {r:?}");
        assert!(r.render_plain().contains(has), "{q}: {r:?}");
    }
}

/// An overview of a sector's "satsinger", and where to see or find its
/// projects, ask for its portfolio.
#[test]
fn where_the_projects_are_listed_is_the_portfolio() {
    for (q, sector) in [
        (
            "finnes det en oversikt over satsingene i landbruket?",
            "lmd",
        ),
        ("hvor finner jeg prosjektene til Skatteetaten?", "fin"),
        ("where can I find the projects of the health sector?", "hod"),
        ("kvar kan eg sjå prosjekta i kultursektoren?", "kud"),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "portfolio", "{q}: {r:?}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}: {r:?}");
    }
}

/// A word the sheet has only as the head of rare compounds ("CERT" of
/// "MiljøCERT") is a topic: asked about "us", it finds the user's part's
/// paragraph, not an overview of the part.
#[test]
fn a_head_of_rare_compounds_is_a_topic() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "Jeg jobber i Miljødirektoratet", now);
    let (r, _) = e.answer_at(Some(&ctx), "finnes det en CERT hos oss?", now);
    assert_eq!(r.sectors, vec!["kld".to_owned()], "{r:?}");
    assert!(r.render_plain().contains("MiljøCERT"), "{r:?}");
}

/// A topic word takes its language's endings ("tilskotsportalen" is the
/// term "tilskotsportal"), and a word a rule reads as its section's
/// ("tilskudd…") is the topic of the part that has the whole word, in
/// another section: the portal is in KDD's measures, not DFD's funding.
#[test]
fn an_inflected_topic_word_is_found_where_the_sheet_has_it() {
    for q in [
        "Kva skal den nye tilskotsportalen gjere?",
        "Hva skal tilskuddsportalen brukes til?",
        "what is the grant portal for?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "measures", "{q}: {r:?}");
        assert_eq!(r.sectors, vec!["kdd".to_owned()], "{q}: {r:?}");
        assert!(r.render_plain().contains("tilskuddsportal"), "{q}: {r:?}");
    }
}

/// A word a rule of the question asks with, that the sheet lacks
/// ("pengepott"), is no unknown name: the rule answers; a word the rule
/// finds only at its end ("aksjeportefølje") still is unknown.
#[test]
fn a_rule_word_the_sheet_lacks_is_no_unknown_name() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "jeg er fra Helsedirektoratet", now);
    let (r, _) = e.answer_at(Some(&ctx), "har vi en pengepott for sånt?", now);
    assert_eq!(r.intent.id(), "funding", "{r:?}");
    assert_eq!(r.sectors, vec!["hod".to_owned()], "{r:?}");
    let r = ask("Hvordan setter jeg sammen en aksjeportefølje?");
    assert_eq!(r.intent.id(), "unknown", "{r:?}");
}

/// "Who is responsible for" topic words before an agency's name asks who
/// does that, which a paragraph of its part says; the name right after
/// the verb, or with a remark after it, asks for the owner.
#[test]
fn who_runs_a_thing_of_an_agency_is_no_owner_question() {
    for q in [
        "hvem har ansvar for kommunikasjonsinfrastrukturen til Forsvaret?",
        "kven har ansvar for drifta av IKT-systema i Forsvaret?",
    ] {
        let r = ask(q);
        assert_ne!(r.intent.id(), "agency_owner", "{q}: {r:?}");
        assert_eq!(r.sectors, vec!["fd".to_owned()], "{q}: {r:?}");
        assert!(r.render_plain().contains("Cyberforsvar"), "{q}: {r:?}");
    }
    for q in [
        "Hvilket departement har ansvar for Forsvaret?",
        "hvem har ansvar for Kystverket, som driver med sjøsikkerhet?",
    ] {
        assert_eq!(ask(q).intent.id(), "agency_owner", "{q}");
    }
}

/// What a sector has in writing, written down or "nedfelt" is its
/// strategy documents.
#[test]
fn what_a_sector_has_in_writing_is_its_strategies() {
    for (q, sector) in [
        ("har HOD noe skriftlig om e-helse?", "hod"),
        ("kva har KD nedfelt om digitalisering?", "kd"),
        (
            "is anything written down about AI in the transport sector?",
            "sd",
        ),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "strategies", "{q}: {r:?}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}: {r:?}");
    }
}

/// "What does KS do?" of a part (no agency) asks for its
/// responsibilities.
#[test]
fn what_a_part_does_is_its_responsibilities() {
    for (q, sector) in [
        ("kva gjer KS?", "ks"),
        ("hva gjør Kunnskapsdepartementet?", "kd"),
        ("what does the Ministry of Health do?", "hod"),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "responsibility", "{q}: {r:?}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}: {r:?}");
    }
}

/// How a ministry steers the agencies under it is its coordination, not
/// the list of its agencies; which agencies are under it is the list.
#[test]
fn how_the_agencies_are_steered_is_coordination() {
    for (q, sector) in [
        ("korleis styrer HOD etatane under seg?", "hod"),
        (
            "how does the Ministry of Trade govern the agencies below it?",
            "nfd",
        ),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "coordination", "{q}: {r:?}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}: {r:?}");
    }
    for q in [
        "kva etatar ligg under HOD?",
        "which agencies are under the Ministry of Justice?",
    ] {
        assert_eq!(ask(q).intent.id(), "sector_agencies", "{q}");
    }
}

/// An opening ("unrelated, but", "btw", "men") is not what a turn asks:
/// the question after it is read as if alone.
#[test]
fn an_opening_word_is_not_the_question() {
    for q in [
        "btw, what does the health sector have on AI?",
        "men hva har helsesektoren om KI?",
    ] {
        let r = ask(q);
        assert_eq!(r.sectors, vec!["hod".to_owned()], "{q}: {r:?}");
        assert!(r.render_plain().contains("KI-plan"), "{q}: {r:?}");
    }
    assert_eq!(ask("anyway, who owns NVE?").intent.id(), "agency_owner");
}

/// After a question across the parts, a part named alone asks the same
/// topic of it: its paragraph (also under another name the sheet has for
/// it, "KI"), or that its part does not mention it; the topic holds while
/// only parts are named, and another question ends it.
#[test]
fn a_part_named_after_a_cross_sector_question_asks_its_topic() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (r, ctx) = e.answer_at(None, "hvilke sektorer nevner kunstig intelligens?", now);
    assert_eq!(r.intent.id(), "cross_sector", "{r:?}");
    let (r, ctx) = e.answer_at(Some(&ctx), "og i helsesektoren?", now);
    assert_eq!(r.sectors, vec!["hod".to_owned()], "{r:?}");
    assert!(r.render_plain().contains("KI-plan"), "{r:?}");
    let (r, ctx) = e.answer_at(Some(&ctx), "og landbruket?", now);
    assert_eq!(r.sectors, vec!["lmd".to_owned()], "{r:?}");
    assert!(
        r.render_plain()
            .contains("nevner ikke «kunstig intelligens»"),
        "{r:?}"
    );
    let (r, ctx) = e.answer_at(Some(&ctx), "what about the defence one?", now);
    assert!(
        r.render_plain()
            .contains("Strategi for kunstig intelligens for Forsvarssektoren"),
        "{r:?}"
    );
    let (r, ctx) = e.answer_at(Some(&ctx), "hvem eier NVE?", now);
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
    assert!(ctx.topic.is_empty(), "{ctx:?}");
    let (r, _) = e.answer_at(Some(&ctx), "og Forsvaret?", now);
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
}

/// "Which ministry has the (administrative) responsibility for us?" asks
/// for the owner, with an adjective before "ansvaret" too.
#[test]
fn the_ministry_with_the_administrative_responsibility_is_the_owner() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "jeg jobber i Skatteetaten", now);
    for q in [
        "hvilket departement har det administrative ansvaret for oss?",
        "kva departement har det overordna ansvaret for oss?",
    ] {
        let (r, _) = e.answer_at(Some(&ctx), q, now);
        assert_eq!(r.intent.id(), "agency_owner", "{q}: {r:?}");
        assert_eq!(r.sectors, vec!["fin".to_owned()], "{q}: {r:?}");
    }
}

/// A paragraph shown by search comes with the items of its list that
/// have what the question asks and it lacks: the word that named the
/// part ("jernbane", "luftfart") finds its chapter of the NTP; a word
/// excluded with a minus is not asked.
#[test]
fn a_shown_paragraph_brings_the_items_of_its_list_the_question_asks_for() {
    let r = ask("hva sier NTP om jernbane og digitalisering?");
    assert!(r.render_plain().contains("14.2.6"), "{r:?}");
    let r = ask("hva står det i NTP om luftfart?");
    assert!(r.render_plain().contains("16.4.3"), "{r:?}");
    let r = ask("Nasjonal transportplan digitalisering -luftfart");
    assert!(!r.render_plain().contains("16.4.3"), "{r:?}");
}

/// A name for the money itself ("pengekjelder", "sources of funding")
/// asks for the funding; "X sin eier", "Xs eier" for the owner; "Are A
/// and B under C?" checks the owner, "are there agencies under C?" lists.
#[test]
fn money_sources_owner_forms_and_owner_checks_of_two() {
    for (q, intent, sector) in [
        ("kva pengekjelder har kultursektoren?", "funding", "kud"),
        (
            "what sources of funding does the health sector have?",
            "funding",
            "hod",
        ),
        ("hvem er Lånekassens eier?", "agency_owner", "kd"),
        (
            "kva med Sjøfartsdirektoratet sin eigar?",
            "agency_owner",
            "nfd",
        ),
        ("Is Sikt and Lånekassen under KD?", "agency_owner", "kd"),
        (
            "are there agencies under the Ministry of Transport?",
            "sector_agencies",
            "sd",
        ),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), intent, "{q}: {r:?}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}: {r:?}");
    }
}

/// Keeping track of a part's projects, or the measures it has listed
/// ("ført opp"), asks for its portfolio; "holder", "et sted" are no
/// topic, so the chat's part stays.
#[test]
fn keeping_track_of_projects_is_the_portfolio() {
    for (q, sector) in [
        (
            "Does the Ministry of Culture keep track of its IT projects?",
            "kud",
        ),
        (
            "har KLD skrevet opp hvilke digitaliseringstiltak de har?",
            "kld",
        ),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "portfolio", "{q}: {r:?}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}: {r:?}");
    }
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "jeg jobber i Kystverket", now);
    let (r, _) = e.answer_at(
        Some(&ctx),
        "holder dere oversikt over tiltakene noe sted?",
        now,
    );
    assert_eq!(r.intent.id(), "portfolio", "{r:?}");
    assert_eq!(r.sectors, vec!["nfd".to_owned()], "{r:?}");
}

/// What a ministry looks after, takes care of or must "passe på" / "ta
/// seg av" is its responsibilities.
#[test]
fn what_a_ministry_looks_after_is_its_responsibility() {
    for (q, sector) in [
        ("what does the Ministry of Culture look after?", "kud"),
        ("kva tek Landbruksdepartementet seg av?", "lmd"),
        ("hva skal KD passe på?", "kd"),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "responsibility", "{q}: {r:?}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}: {r:?}");
    }
}

/// A part named only by a word of its field ("mat", "skole"), beside
/// mostly words the sheet lacks, is about something the sheet does not
/// cover; the field word alone asks about the part.
#[test]
fn a_field_word_among_words_the_sheet_lacks_is_off_topic() {
    let r = ask("Har du en god oppskrift på fiskesuppe med torsk?");
    assert_eq!(r.intent.id(), "unknown", "{r:?}");
    let r = ask("hva med helse?");
    assert_eq!(r.intent.id(), "sector_overview", "{r:?}");
    assert_eq!(r.sectors, vec!["hod".to_owned()], "{r:?}");
}

/// An agency and a part named with nothing else asked check the owner
/// ("X – LMD eller HOD?", "is X a HOD thing?"); "belongs to the Finance
/// ministry" is an owner question, not one about funding.
#[test]
fn an_agency_and_a_part_alone_check_the_owner() {
    for (q, sector) in [
        ("Lånekassen – KD eller AID?", "kd"),
        ("is Kystverket an NFD thing?", "nfd"),
        (
            "Does Statistics Norway belong to the Finance ministry?",
            "fin",
        ),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "agency_owner", "{q}: {r:?}");
        assert_eq!(r.sectors, vec![sector.to_owned()], "{q}: {r:?}");
    }
    assert_eq!(
        ask("what do we need to finance the new portal?")
            .intent
            .id(),
        "funding"
    );
}

/// "so we're under KD, right?" checks the user's own agency against the
/// ministry; "what arenas are we part of" still asks for coordination.
#[test]
fn we_are_under_a_ministry_checks_our_owner() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "I work at Kartverket", now);
    let (r, _) = e.answer_at(
        Some(&ctx),
        "so we're under the Ministry of Local Government, right?",
        now,
    );
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
    assert_eq!(r.sectors, vec!["kdd".to_owned()], "{r:?}");
    let (r, _) = e.answer_at(Some(&ctx), "which coordination arenas are we part of?", now);
    assert_eq!(r.intent.id(), "coordination", "{r:?}");
}

/// "the second one" after two agencies named in the same message is the
/// second of them, and "the first?" then the other.
#[test]
fn a_reference_by_place_to_the_agencies_of_the_same_message() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (r, ctx) = e.answer_at(
        None,
        "Jeg sammenligner Kystverket og Lånekassen. Hvem eier den andre?",
        now,
    );
    assert_eq!(r.sectors, vec!["kd".to_owned()], "{r:?}");
    let (r, _) = e.answer_at(Some(&ctx), "og den første?", now);
    assert_eq!(r.sectors, vec!["nfd".to_owned()], "{r:?}");
}

/// "oppvekst" named BFD although the question named Medietilsynet, whose
/// part (KUD) has the group for a safe upbringing online.
#[test]
fn a_field_word_beside_an_agency_of_another_part_is_its_topic() {
    let r = ask("Hvordan koordinerer Medietilsynet arbeidet med trygg oppvekst?");
    assert_eq!(r.sectors, vec!["kud".to_owned()], "{r:?}");
    assert!(r.render_plain().contains("Datatilsynet"), "{r:?}");
}

/// "Which ministries are in the fact sheet?" was a search across the parts
/// that found nothing; it lists them.
#[test]
fn the_ministries_in_the_sheet_are_its_parts() {
    for q in [
        "hvilke departementer er omtalt i faktaarket?",
        "kva sektorar står i arket?",
        "which ministries are covered in the fact sheet",
        "what sectors are mentioned",
    ] {
        assert_eq!(ask(q).intent.id(), "list_sectors", "{q}");
    }
    // A topic after the verb is still a question across the parts.
    assert_eq!(
        ask("hvilke sektorer står bak medfinansieringsordningen?")
            .intent
            .id(),
        "cross_sector"
    );
}

/// "what is it and who owns it" asks for both: the agency's own answer,
/// which names its owner first; "what is it called now" is still the owner.
#[test]
fn what_is_it_and_who_owns_it_is_the_agency_answer() {
    for q in [
        "Norad – what is it and who owns it?",
        "hva er Sikt, og hvem eier det?",
        "kven eig Husbanken og kva gjer dei?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "agency_info", "{q}: {r:?}");
    }
    let r = ask("Statens graderte plattformtjenester: what is it called now, and who owns it?");
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
}

/// "UH" and the sector's long names were unknown.
#[test]
fn uh_names_the_universities() {
    let r = ask("hvilke strategier finnes for UH-sektor?");
    assert_eq!(r.sectors, vec!["kd".to_owned()], "{r:?}");
    let r = ask("who funds digital work in the UH sector?");
    assert_eq!(r.sectors, vec!["kd".to_owned()], "{r:?}");
    // In lower case it is a sound, not a name.
    let r = ask("uh, hvem eier Husbanken?");
    assert_eq!(r.sectors, vec!["kdd".to_owned()], "{r:?}");
}

/// English words the glossary lacked ("access", "assignment") left a
/// question about the sheet's own measure unknown.
#[test]
fn english_words_of_the_sheet_find_its_paragraphs() {
    let r = ask("who was given the assignment to give foster parents digital access?");
    assert_eq!(r.intent.id(), "measures", "{r:?}");
    assert_eq!(r.sectors, vec!["bfd".to_owned()], "{r:?}");
}

/// "aa" for "å" in a short word was an unknown name.
#[test]
fn aa_in_a_short_word_is_a_ring() {
    let r = ask("hvem har ansvar for aa samordne digitalisering paa helse?");
    assert_eq!(r.sectors, vec!["hod".to_owned()], "{r:?}");
    assert_ne!(r.intent.id(), "unknown", "{r:?}");
}

/// "strategy documents" (strategidokumenter) was read as a topic of
/// another part, losing the chat's part.
#[test]
fn strategy_documents_keep_the_chats_part() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "I just started at Kystverket", now);
    let (r, _) = e.answer_at(
        Some(&ctx),
        "which strategy documents are there in our sector?",
        now,
    );
    assert_eq!(r.intent.id(), "strategies", "{r:?}");
    assert_eq!(r.sectors, vec!["nfd".to_owned()], "{r:?}");
}

/// "og selskapene?" after a section question was a search.
#[test]
fn the_companies_of_a_part_as_a_follow_up() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "hvilke strategier har samferdselssektoren?", now);
    for q in ["og selskapene?", "what about the companies?"] {
        let (r, _) = e.answer_at(Some(&ctx), q, now);
        assert_eq!(r.intent.id(), "sector_agencies", "{q}: {r:?}");
        assert_eq!(r.sectors, vec!["sd".to_owned()], "{q}: {r:?}");
    }
}

/// "the second one" after a section's list was the chat's ministry; it
/// is the list's second item, from the same section.
#[test]
fn a_place_in_a_sections_list() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(
        None,
        "Hvilke strategier har Klima- og miljødepartementet?",
        now,
    );
    let (r, ctx) = e.answer_at(Some(&ctx), "hva er det tredje målet?", now);
    assert_eq!(r.intent.id(), "strategies", "{r:?}");
    let text = r.render_plain();
    assert!(
        text.contains("Økt datadeling og viderebruk av data"),
        "{text}"
    );
    assert!(!text.contains("Sikker og robust forvaltning"), "{text}");
    // The list stays for the next reference.
    let (r, _) = e.answer_at(Some(&ctx), "og det siste?", now);
    assert!(
        r.render_plain()
            .contains("Kompetanse og teknologianvendelse"),
        "{r:?}"
    );
}

/// A request for something the sheet does not hold ("gi meg en oppskrift
/// på lapskaus") was taken for a request for help.
#[test]
fn a_request_for_something_else_is_no_help_request() {
    assert_eq!(
        ask("Kan du gi meg en oppskrift på lapskaus?").intent.id(),
        "unknown"
    );
    assert_eq!(ask("kan du hjelpe meg?").intent.id(), "help");
}

/// "Sweden … Norwegian e-government" read as a question about a Swedish
/// ministry, so the question after it went unanswered.
#[test]
fn a_foreign_country_far_from_the_ministry_is_no_foreign_ministry() {
    let r = ask(
        "We have guests from Denmark visiting to learn about Norwegian digital government; which ministry is Arkivverket under?",
    );
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
    assert_eq!(r.sectors, vec!["kud".to_owned()], "{r:?}");
    assert_eq!(
        ask("which ministry runs Sweden's digital agency?")
            .intent
            .id(),
        "unknown"
    );
}

/// "What funding schemes do our sister agencies run?" asked for the
/// agencies; the thing asked for first is what it asks.
#[test]
fn what_funding_schemes_of_sister_agencies_is_funding() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "I'm at Nkom", now);
    for q in [
        "which funding schemes do our sister agencies have?",
        "hvilke tilskuddsordninger har søsteretatene våre?",
    ] {
        let (r, _) = e.answer_at(Some(&ctx), q, now);
        assert_eq!(r.intent.id(), "funding", "{q}: {r:?}");
        assert_eq!(r.sectors, vec!["dfd".to_owned()], "{q}: {r:?}");
    }
}

/// A long message's question may come before a closing plea ("Can you
/// help?"), in a sentence that ends with a full stop.
#[test]
fn a_long_messages_question_before_a_closing_plea() {
    let r = ask(
        "Hei, jeg skriver en rapport om hvordan staten organiserer arbeidet med digitale tjenester, og det er mange detaljer jeg må sjekke før jeg leverer den til lederen min neste uke. Det jeg ikke har funnet ut av, er hvilket departement Språkrådet hører til. Kan du hjelpe meg?",
    );
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
    assert_eq!(r.sectors, vec!["kud".to_owned()], "{r:?}");
}

/// "an arena between the state and KS" named KS as the subject; KS is the
/// partner there, and the question is the part that has the arena.
#[test]
fn between_the_state_and_ks_is_a_partner() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(
        None,
        "hvordan samordnes digitalisering i kunnskapssektoren?",
        now,
    );
    let (r, _) = e.answer_at(
        Some(&ctx),
        "og hvilket råd møtes mellom staten og KS der?",
        now,
    );
    assert_eq!(r.sectors, vec!["kd".to_owned()], "{r:?}");
}

/// "the exception" and "shared IT operations" were English words the
/// glossary lacked.
#[test]
fn the_exception_from_the_shared_it_operations() {
    let r =
        ask("In the climate sector, which agency is the exception from the shared IT operations?");
    assert_eq!(r.sectors, vec!["kld".to_owned()], "{r:?}");
    assert!(
        r.render_plain().contains("Meteorologisk institutt"),
        "{r:?}"
    );
}

/// "Hvor brukes X?" (where is X used) was a section question of the part
/// whose paragraph search found first; it asks across the parts.
#[test]
fn where_a_thing_is_used_is_asked_across_the_parts() {
    for q in [
        "hvor brukes medfinansieringsordningen?",
        "kvar vert sektoravgifter brukt?",
        "where are sector fees used?",
    ] {
        assert_eq!(ask(q).intent.id(), "cross_sector", "{q}");
    }
}

/// "I'm a consultant on an assignment for Skatteetaten" was no
/// introduction (the assignment stood between the role and the agency).
#[test]
fn a_consultant_on_an_assignment_introduces() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    for (intro, sector) in [
        ("I'm a developer on a contract for Statens vegvesen", "sd"),
        ("jeg er konsulent på et oppdrag for Lånekassen", "kd"),
    ] {
        let (_, ctx) = e.answer_at(None, intro, now);
        let (r, _) = e.answer_at(Some(&ctx), "which ministry are we under?", now);
        assert_eq!(r.sectors, vec![sector.to_owned()], "{intro}: {r:?}");
    }
}

/// "the ministry's digitalisation strategies" matched "Ministry of
/// Digitalisation" with the possessive "s" as a mistyped "of".
#[test]
fn a_possessive_is_no_mistyped_small_word_of_a_name() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "I work at Husbanken", now);
    let (r, _) = e.answer_at(
        Some(&ctx),
        "what are the ministry's digitalisation plans?",
        now,
    );
    assert_eq!(r.sectors, vec!["kdd".to_owned()], "{r:?}");
    // A small word mistyped by one letter still counts.
    let r = ask("hvem eier Direktoratet fr byggkvalitet?");
    assert_eq!(r.sectors, vec!["kdd".to_owned()], "{r:?}");
}

/// "og kor mange er det totalt?" after a list was unknown ("totalt").
#[test]
fn how_many_in_total_after_a_list() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(
        None,
        "kva etatar ligg under Klima- og miljødepartementet?",
        now,
    );
    for q in [
        "og kor mange er det totalt?",
        "how many in total?",
        "hvor mange er det til sammen?",
    ] {
        let (r, _) = e.answer_at(Some(&ctx), q, now);
        assert_eq!(r.intent.id(), "sector_agencies", "{q}: {r:?}");
        assert_eq!(r.sectors, vec!["kld".to_owned()], "{q}: {r:?}");
    }
}

/// Words about the chat itself ("beklager, jeg bytter til norsk",
/// "switching to English for a colleague: same for X?") were read as an
/// unknown name, or the repeat was missed after them.
#[test]
fn words_about_the_chat_are_no_names() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "I work at Tolletaten", now);
    let (r, ctx) = e.answer_at(
        Some(&ctx),
        "Beklager, jeg bytter til norsk: hvilke strategier har vi?",
        now,
    );
    assert_eq!(r.intent.id(), "strategies", "{r:?}");
    assert_eq!(r.sectors, vec!["fin".to_owned()], "{r:?}");
    let (r, _) = e.answer_at(
        Some(&ctx),
        "switching back to English for my boss: same for transport?",
        now,
    );
    assert_eq!(r.intent.id(), "strategies", "{r:?}");
    assert_eq!(r.sectors, vec!["sd".to_owned()], "{r:?}");
}

/// "den andre på lista?" read "på lista" as a new request for the list;
/// where the item is belongs to the reference.
#[test]
fn a_place_on_the_list_belongs_to_the_reference() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "hvilke etater har Finansdepartementet?", now);
    for q in ["og den tredje på lista?", "the third one on the list?"] {
        let (r, _) = e.answer_at(Some(&ctx), q, now);
        assert_eq!(r.intent.id(), "agency_info", "{q}: {r:?}");
        assert_eq!(r.agencies.len(), 1, "{q}: {r:?}");
    }
}

/// "og hjå KDD?" (nynorsk "hos") was read as a request for KDD's overview:
/// "hjå" was a word of its own, not the place word it is.
#[test]
fn hja_asks_the_same_of_another_part() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "Kva strategiar har Kulturdepartementet?", now);
    let (r, _) = e.answer_at(Some(&ctx), "og hjå Nærings- og fiskeridepartementet?", now);
    assert_eq!(r.intent.id(), "strategies", "{r:?}");
    assert_eq!(r.sectors, vec!["nfd".to_owned()], "{r:?}");
    assert_eq!(r.lang, faktabot::lang::Lang::Nn, "{r:?}");
}

/// "fagleg rådgjevar" is the sheet's "faglig rådgiver" in nynorsk: the
/// words of the question have to find the paragraph that says who it is.
#[test]
fn nynorsk_words_find_the_sheets_bokmal() {
    let r = ask("Kven er den faglege rådgjevaren til HOD når det gjeld digitalisering?");
    assert!(
        r.render_plain()
            .contains("Helsedirektoratet er HODs faglige rådgiver"),
        "{r:?}"
    );
}

/// "Hvilke virksomheter har fått penger fra medfinansieringsordningen?"
/// named no part, and the funding sections of several have the scheme: it
/// asked "which sector?" (or took one); it asks across the parts.
#[test]
fn a_section_topic_of_several_parts_asks_across_them() {
    for q in [
        "Hvilke virksomheter har fått penger fra medfinansieringsordningen?",
        "Kva etatar har fått midlar frå medfinansieringsordninga?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "cross_sector", "{q}: {r:?}");
        for s in ["ed", "lmd", "sd"] {
            assert!(r.sectors.contains(&s.to_owned()), "{q}: {s} {r:?}");
        }
    }
}

/// "hvilke av dem har Digdir?" after a section's list was read as a
/// question about Digdir; it picks the items that name it.
#[test]
fn a_chooser_picks_the_list_items_that_name_the_agency() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "Hvilke finansieringsordninger har DFD?", now);
    let (r, ctx) = e.answer_at(Some(&ctx), "hvilke av dem forvalter Nkom?", now);
    assert_eq!(r.intent.id(), "funding", "{r:?}");
    let text = r.render_plain();
    assert!(text.contains("forsterket ekom"), "{text}");
    assert!(!text.contains("Stimulab"), "{text}");
    // The list stays: another agency picks again from all of it.
    let (r, _) = e.answer_at(Some(&ctx), "and which ones does Digdir run?", now);
    let text = r.render_plain();
    assert!(
        text.contains("Stimulab") && !text.contains("forsterket ekom"),
        "{text}"
    );
}

/// "Hei fra Kartverket!" was no introduction (the greeting is dropped as
/// filler, and "fra" alone begins questions such as "Fra når …?"), so a
/// later "back to us" went to the last part asked about.
#[test]
fn a_greeting_from_an_agency_introduces_the_user() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "Hei fra Kartverket! Hvilke strategier har vi?", now);
    let (_, ctx) = e.answer_at(Some(&ctx), "Og hva med Forsvaret?", now);
    let (r, _) = e.answer_at(Some(&ctx), "tilbake til oss: hvordan finansieres det?", now);
    assert_eq!(r.intent.id(), "funding", "{r:?}");
    assert_eq!(r.sectors, vec!["kdd".to_owned()], "{r:?}");
    // Without a greeting, "fra" asks.
    let r = e
        .answer_at(None, "Fra hvilket departement får Nav penger?", now)
        .0;
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
}

/// "as well" searched for the companies' "AS" and answered with transport
/// paragraphs; English "as" is a stop word (the names keep their "AS").
#[test]
fn english_as_is_not_the_companies_as() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(
        None,
        "What strategies does the Ministry of Culture have?",
        now,
    );
    let (r, _) = e.answer_at(Some(&ctx), "and its funding as well?", now);
    assert_eq!(r.intent.id(), "funding", "{r:?}");
    assert_eq!(r.sectors, vec!["kud".to_owned()], "{r:?}");
    let r = ask("Who owns Entur AS?");
    assert_eq!(r.sectors, vec!["sd".to_owned()], "{r:?}");
}

/// "Hvor mange nivåer har den?" answered with a paragraph and its list
/// left the counting to the user; the answer says how many items the list
/// has.
#[test]
fn how_many_counts_the_list_a_search_answer_shows() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "Hva er samstyringsstrukturen i KS?", now);
    let (r, _) = e.answer_at(Some(&ctx), "hvor mange nivåer har den?", now);
    assert!(r.render_plain().contains("Lista har 4 punkter:"), "{r:?}");
    let r = ask("Hvor mange satsningsområder har UD?");
    assert!(r.render_plain().contains("Lista har 4 punkter:"), "{r:?}");
}

/// "how many are there?" right after the list of the parts counted the
/// agencies of every part; it asks how many parts.
#[test]
fn how_many_after_the_parts_counts_the_parts() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    for (first, then) in [
        ("hvilke sektorer kjenner du til?", "og hvor mange er det?"),
        ("What ministries do you cover?", "how many is that?"),
    ] {
        let (_, ctx) = e.answer_at(None, first, now);
        let (r, _) = e.answer_at(Some(&ctx), then, now);
        assert_eq!(r.intent.id(), "list_sectors", "{then}: {r:?}");
        assert!(r.render_plain().contains("17"), "{then}: {r:?}");
        // Asked of agencies, it counts agencies.
        let (r, _) = e.answer_at(Some(&ctx), "how many agencies are there in total?", now);
        assert_eq!(r.intent.id(), "sector_agencies", "{r:?}");
    }
}

/// "is there a cross-sector council in our sector?" matched the owner
/// check ("is X in Y?"); "is there …" with an arena word asks for the
/// arenas.
#[test]
fn is_there_a_council_asks_for_the_arenas() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "I work at Skatteetaten", now);
    let (r, _) = e.answer_at(
        Some(&ctx),
        "is there any forum for digitalisation in our sector?",
        now,
    );
    assert_eq!(r.intent.id(), "coordination", "{r:?}");
    assert_eq!(r.sectors, vec!["fin".to_owned()], "{r:?}");
}

/// "og hva står det ellers om SPK?" repeated the last question (its owner)
/// and "which other ministries can you tell me about?" was read across
/// the parts: "ellers"/"mer" and "other" belong to the request.
#[test]
fn else_and_other_belong_to_the_request() {
    let e = faktabot::Engine::bundled().unwrap();
    let now = faktabot::engine::now_secs();
    let (_, ctx) = e.answer_at(None, "hvem eier Lånekassen?", now);
    let (r, _) = e.answer_at(Some(&ctx), "og hva står det også om Husbanken?", now);
    assert_eq!(r.intent.id(), "agency_info", "{r:?}");
    let r = ask("which other sectors could you tell me about?");
    assert_eq!(r.intent.id(), "list_sectors", "{r:?}");
}

/// "Gi meg en oppsummering av området vårt": an overview names what the
/// part is made of (its coordination arenas and measures by their first
/// sentence, cited), not only its introduction, and says the count of
/// agencies once.
#[test]
fn an_overview_names_the_parts_arenas_and_measures() {
    let r = ask("gi meg en oppsummering av KDD");
    assert_eq!(r.intent.id(), "sector_overview", "{r:?}");
    let text = r.render_plain();
    for name in ["Norge digitalt", "Skate-samarbeidet", "Viderebruksutvalget"] {
        assert!(text.contains(name), "{name}: {text}");
    }
    // "6. oktober" does not end the sentence about Viderebruksutvalget.
    assert!(text.contains("6. oktober 2021"), "{text}");
    for section in ["Koordinering og samhandlingsarenaer", "Tiltak"] {
        assert!(
            r.source_lines().iter().any(|l| l.ends_with(section)),
            "{section}: {:?}",
            r.source_lines()
        );
    }
    assert_eq!(text.matches("6 etater").count(), 0, "{text}");
    assert_eq!(text.matches("(6)").count(), 1, "{text}");
    let r = ask("tell me about BFD");
    assert!(r.render_plain().contains("DigiUng"), "{r:?}");
}

/// "what does the customs one say?" after a list of strategies: the item
/// that names the agency; but "kva for eit departement er X under?" after
/// such a list asks who owns X ("kva for eit" picks from a list only when
/// the question asks nothing else).
#[test]
fn the_x_one_picks_from_the_list_but_which_ministry_does_not() {
    let e = Engine::bundled().unwrap();
    e.ask("c", "what strategies does the finance ministry have?");
    let r = e.ask("c", "and the customs one?");
    assert_eq!(r.intent.id(), "strategies", "{r:?}");
    assert!(
        r.render_plain()
            .contains("Virksomhetsstrategi for Tolletaten"),
        "{r:?}"
    );
    assert!(
        !r.render_plain().contains("Skatteetatens strategi"),
        "{r:?}"
    );
    e.ask("d", "kva strategiar har Finansdepartementet?");
    let r = e.ask("d", "kva for eit departement høyrer Tolletaten til?");
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
}

/// "og Kystverket, hører det til samferdsel?" after a question about an
/// agency: a sentence of its own asks whose the agency is, not the last
/// question again.
#[test]
fn a_follow_up_with_its_own_question_asks_that() {
    let e = Engine::bundled().unwrap();
    e.ask("c", "hva står det om Havforskningsinstituttet?");
    let r = e.ask("c", "og Patentstyret, ligger det under samferdsel?");
    assert_eq!(r.intent.id(), "agency_owner", "{r:?}");
    assert!(r.render_plain().starts_with("Nei."), "{r:?}");
    // A bare follow-up still keeps the last question.
    e.ask("d", "hva står det om Havforskningsinstituttet?");
    let r = e.ask("d", "og Kystverket?");
    assert_eq!(r.intent.id(), "agency_info", "{r:?}");
}

/// "Hvem eier de regionale nettverkene?" from someone in a municipality:
/// the topic their part has in full is answered from that part, not as a
/// list of every part with one of the words.
#[test]
fn a_topic_the_chats_part_has_in_full_is_that_parts() {
    let e = Engine::bundled().unwrap();
    e.ask("c", "Eg jobbar i ein kommune");
    let r = e.ask("c", "kven eig dei regionale nettverka?");
    assert_eq!(r.sectors, ["ks"], "{r:?}");
    assert!(r.render_plain().contains("fylkeskommunene"), "{r:?}");
    // Asked of no one, it is still a question across the sheet.
    let r = ask("who owns the regional networks?");
    assert_eq!(r.intent.id(), "cross_sector", "{r:?}");
}

/// "hvem forvalter medfinansieringsordningen?": the sheet states who
/// runs a scheme another way ("… (Digdir)"), so the paragraphs about the
/// scheme answer; the verb alone does not make it "unknown".
#[test]
fn who_runs_a_named_thing_is_answered_by_its_paragraph() {
    for q in [
        "hvem forvalter medfinansieringsordningen?",
        "kven forvaltar Stimulab?",
    ] {
        let r = ask(q);
        assert_ne!(r.intent.id(), "unknown", "{q}: {r:?}");
        assert!(r.render_plain().contains("(Digdir)"), "{q}: {r:?}");
    }
}

/// "har det rådet nokon avgjerdsmakt?" (nynorsk): the sheet's word is
/// "beslutningsmyndighet".
#[test]
fn decision_power_in_nynorsk_and_english_is_the_sheets_word() {
    let e = Engine::bundled().unwrap();
    e.ask(
        "c",
        "kva seier faktaarket om Samstyringsrådet for digitalisering i grunnopplæringa?",
    );
    let r = e.ask("c", "har rådet avgjerdsmakt?");
    assert!(r.render_plain().contains("beslutningsmyndighet"), "{r:?}");
}

/// "hvem forvalter ordningen?" after "hvilke sektorer nevner
/// medfinansieringsordningen?": "ordningen" is the head of the chat's
/// topic and stands for it (a topic that is a rule's keyword is kept as
/// the topic too).
#[test]
fn the_head_of_the_chats_topic_stands_for_it() {
    let e = Engine::bundled().unwrap();
    e.ask("c", "which sectors mention medfinansieringsordningen?");
    let r = e.ask("c", "kven forvaltar ordninga?");
    assert!(r.render_plain().contains("(Digdir)"), "{r:?}");
    assert_eq!(r.sectors.first().map(String::as_str), Some("dfd"), "{r:?}");
}

/// "hvilke andre ordninger forvalter virksomhetene under DFD?": the
/// sheet's schemes are its funding schemes, though the question names the
/// agencies that run them.
#[test]
fn schemes_an_agency_runs_are_funding() {
    for q in [
        "hvilke andre ordninger forvalter etatene under DFD?",
        "kva ordningar forvaltar verksemdene til DFD?",
        "which other schemes do the agencies under DFD run?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "funding", "{q}: {r:?}");
        assert!(r.render_plain().contains("Stimulab"), "{q}: {r:?}");
    }
}

/// "what did DigiUng win?": the sheet's word is "vant" ("DigiUng vant
/// Digitaliseringsprisen i 2023").
#[test]
fn what_an_initiative_won_is_in_its_paragraph() {
    let r = ask("what did DigiUng win?");
    assert!(r.render_plain().contains("Digitaliseringsprisen"), "{r:?}");
}

/// "what does Digdir keep overviews of?", "hva fører Digdir oversikt
/// over?": what an agency keeps overviews of is its part's portfolio
/// section.
#[test]
fn the_overviews_an_agency_keeps_are_the_portfolio() {
    for q in [
        "what overviews does Digdir maintain?",
        "hva holder Digdir oversikt over?",
        "kva fører Digdir oversikter over?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "portfolio", "{q}: {r:?}");
        assert!(r.render_plain().contains("Digital Europa"), "{q}: {r:?}");
    }
}

/// "hvilken støtte får kommuner som innfører helseteknologi?": the
/// support asked of is funding, in the part whose scheme it is, not the
/// municipal sector's overview.
#[test]
fn which_support_is_funding() {
    for q in [
        "hva slags støtte finnes for kommuner som innfører helseteknologi?",
        "kva støtte får kommunar som innfører helseteknologi?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "funding", "{q}: {r:?}");
        assert_eq!(r.sectors, ["hod"], "{q}: {r:?}");
    }
}

/// "Is Forbrukerrådet one of the BFD agencies too?": whether an agency is
/// among a ministry's is the owner question, answered yes or no.
#[test]
fn whether_an_agency_is_among_a_ministrys_is_the_owner_question() {
    for (q, starts) in [
        (
            "is Nkom among the agencies under the digitalisation ministry?",
            "Yes.",
        ),
        ("er Kystverket en av etatene under samferdsel?", "Nei."),
        ("er Husbanken ein av etatane til KDD?", "Ja."),
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "agency_owner", "{q}: {r:?}");
        assert!(r.render_plain().starts_with(starts), "{q}: {r:?}");
    }
}

/// "har vi ein plan som viser vedtekne tiltak?": something that shows or
/// lists the measures is the portfolio section.
#[test]
fn a_plan_that_shows_the_measures_is_the_portfolio() {
    for q in [
        "har LMD ein plan som viser vedtekne tiltak?",
        "finnes det en nettside som viser prosjektene i justissektoren?",
        "is there a document that lists the health sector's projects?",
    ] {
        assert_eq!(ask(q).intent.id(), "portfolio", "{q}");
    }
}

/// "when does the ministry get involved?" from someone at UDI, right after
/// an answer about several parts: the user's own ministry, not one of the
/// parts the last answer listed.
#[test]
fn the_ministry_after_an_answer_about_many_parts_is_the_users() {
    let e = Engine::bundled().unwrap();
    e.ask("c", "Hi, I'm a project manager at UDI");
    let r = e.ask("c", "which sectors mention artificial intelligence?");
    assert!(r.sectors.len() > 1, "{r:?}");
    let r = e.ask("c", "when does the ministry get involved in a project?");
    assert_eq!(r.sectors, ["jd"], "{r:?}");
}

/// "kva betyr Feide i faktaarket": "betyr" asks what a name means, and is
/// no word a paragraph must have.
#[test]
fn what_a_name_means_is_its_paragraph() {
    for q in ["hva betyr Feide?", "kva tyder Stimulab i arket?"] {
        let r = ask(q);
        assert_ne!(r.intent.id(), "unknown", "{q}: {r:?}");
    }
}

/// A message that is only a link is no question (the words of its path
/// named Digdir and "samordning").
#[test]
fn a_link_alone_is_no_question() {
    let r = ask("https://www.digdir.no/digitalisering-og-samordning/faktaark-om-samordning");
    assert!(r.sectors.is_empty(), "{r:?}");
    assert!(r.render_plain().contains("spørsmål"), "{r:?}");
    // With words around it, the words are asked.
    assert!(
        !ask("hvem eier Digdir? https://digdir.no")
            .sectors
            .is_empty()
    );
}

/// "which sectors have an empty strategy section?" was answered with the
/// sectors that list strategies, the opposite: "empty", "tomt" are words
/// of having none.
#[test]
fn an_empty_strategy_section_is_none() {
    for q in [
        "which sectors have an empty strategy section?",
        "hvilke sektorer har et tomt strategiavsnitt?",
    ] {
        let r = ask(q);
        assert_eq!(r.intent.id(), "cross_sector", "{q}: {r:?}");
        let text = r.render_plain();
        assert!(text.contains("BFD") && text.contains("KDD"), "{q}: {text}");
        assert!(!text.contains("(HOD)"), "{q}: {text}");
    }
}

/// "utenom KS sin egen del, hvilke departementer nevner KS?": the part
/// named again, not after "utenom", is the topic, its own part left out.
#[test]
fn a_part_left_out_and_asked_about_is_the_topic() {
    let r = ask("apart from KS's own part, which ministries mention KS?");
    assert_eq!(r.intent.id(), "cross_sector", "{r:?}");
    assert!(r.sectors.contains(&"aid".to_owned()), "{r:?}");
    assert!(!r.sectors.contains(&"ks".to_owned()), "{r:?}");
}
