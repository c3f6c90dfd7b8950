//! Conversations as new staff have them: who they are, then "us", filler,
//! short follow-ups. Each test is a behaviour the engine must keep; the
//! phrasings are the project's own, not the scored sets'.

use faktabot::Engine;
use faktabot::intents::Intent;

fn engine() -> Engine {
    Engine::bundled().expect("bundled data")
}

#[test]
fn an_introduction_makes_us_the_users_agency_and_ministry() {
    let e = engine();
    let r = e.ask_at("u", "Hei, jeg er nyansatt i Tolletaten", 100);
    assert_eq!(r.sectors, ["fin"], "{r:?}");
    assert!(
        r.render_plain().contains("Finansdepartementet"),
        "{}",
        r.render_plain()
    );
    let r = e.ask_at(
        "u",
        "hvilke andre etater er under samme departement som oss?",
        110,
    );
    assert_eq!(r.intent, Intent::SectorAgencies, "{}", r.render_plain());
    assert_eq!(r.sectors, ["fin"]);
    assert!(
        r.render_plain().contains("Skatteetaten"),
        "{}",
        r.render_plain()
    );
    let r = e.ask_at(
        "u",
        "og hvordan blir digitaliseringen hos oss finansiert?",
        120,
    );
    assert_eq!(r.intent, Intent::Funding, "{}", r.render_plain());
    assert_eq!(r.sectors, ["fin"]);
}

#[test]
fn us_survives_a_detour_to_another_sector() {
    let e = engine();
    e.ask_at("d", "Eg jobbar i Kystverket", 100);
    let r = e.ask_at("d", "kva strategiar har KD?", 110);
    assert_eq!(r.sectors, ["kd"]);
    let r = e.ask_at(
        "d",
        "tilbake til oss: korleis blir digitaliseringa samordna?",
        120,
    );
    assert_eq!(r.intent, Intent::Coordination, "{}", r.render_plain());
    assert_eq!(r.sectors, ["nfd"]);
}

#[test]
fn a_yes_no_question_about_us_is_answered_against_our_ministry() {
    let e = engine();
    e.ask_at("y", "I just joined Statens vegvesen", 100);
    let r = e.ask_at("y", "Is Kystverket under us as well?", 110);
    assert_eq!(r.intent, Intent::AgencyOwner, "{}", r.render_plain());
    assert!(r.render_plain().starts_with("No."), "{}", r.render_plain());
    assert!(
        r.render_plain()
            .contains("Nærings- og fiskeridepartementet")
    );
}

#[test]
fn filler_is_never_taken_for_a_name() {
    let e = engine();
    for text in ["greit.", "supert!", "ok", "hmm", "flott, takk skal du ha"] {
        let r = e.ask_at("f", text, 100);
        assert_eq!(r.intent, Intent::Smalltalk, "{text}: {}", r.render_plain());
        assert!(
            !r.render_plain().contains('«'),
            "{text}: {}",
            r.render_plain()
        );
    }
    e.ask_at(
        "f",
        "Hvordan finansieres digitalisering i helsesektoren?",
        200,
    );
    let r = e.ask_at("f", "greit, og strategiene?", 210);
    assert_eq!(r.intent, Intent::Strategies, "{}", r.render_plain());
    assert_eq!(r.sectors, ["hod"]);
}

#[test]
fn a_follow_up_naming_a_new_sector_keeps_the_question() {
    let e = engine();
    e.ask_at(
        "s",
        "Hvordan samordnes digitalisering i justissektoren?",
        100,
    );
    let r = e.ask_at("s", "hva med forsvarssektoren?", 110);
    assert_eq!(r.intent, Intent::Coordination, "{}", r.render_plain());
    assert_eq!(r.sectors, ["fd"]);
    let r = e.ask_at("s", "og KS?", 120);
    assert_eq!(r.intent, Intent::Coordination);
    assert_eq!(r.sectors, ["ks"]);
}

#[test]
fn off_topic_questions_get_no_paragraph() {
    let e = engine();
    for text in [
        "Hvor mange ansatte jobber i Lånekassen?",
        "Hvem var finansminister i 2015?",
    ] {
        let r = e.ask(text, text);
        assert!(
            matches!(r.intent, Intent::Unknown),
            "{text}: {:?} {}",
            r.intent,
            r.render_plain()
        );
    }
}

#[test]
fn explain_names_the_stage_that_decided() {
    let e = engine();
    let t = e.trace("Hvem eier Lånekassen?");
    assert!(t.stage.starts_with("intents/"), "{}", t.stage);
    assert!(t.stage.contains("#rule"), "{}", t.stage);
    let t = e.trace("hvem dekker kostnadene ved IT-utvikling i helsesektoren?");
    assert!(t.stage.starts_with("classifier"), "{}", t.stage);
    assert_eq!(t.reply.intent, Intent::Funding);
    // The trace is the answer's own path: the same reply as `ask`.
    let asked = e.ask(
        "fresh",
        "hvem dekker kostnadene ved IT-utvikling i helsesektoren?",
    );
    assert_eq!(asked.intent, t.reply.intent);
    assert_eq!(asked.sectors, t.reply.sectors);
}

/// A question with a word of the section it asks for stays in the chat's
/// sector when that sector's section has the word; a question about
/// something else still goes to the whole sheet.
#[test]
fn a_section_word_stays_in_the_chats_sector() {
    let e = engine();
    e.ask_at("k", "what about the municipal sector?", 100);
    let r = e.ask_at("k", "which networks are there?", 110);
    assert_eq!(r.intent, Intent::Coordination, "{}", r.render_plain());
    assert_eq!(r.sectors, ["ks"]);
    let r = e.ask_at("k", "hva er Stimulab?", 120);
    assert!(r.sectors.contains(&"dfd".to_owned()), "{r:?}");
    assert!(
        r.render_plain().contains("Stimulab"),
        "{}",
        r.render_plain()
    );
}

/// "Sistnevnte", "the latter": the last of the things the previous answer
/// named, an agency or a sector.
#[test]
fn the_latter_is_the_last_thing_named() {
    let e = engine();
    e.ask_at("l", "tell me about NVE and Brreg", 100);
    let r = e.ask_at("l", "who owns the latter?", 110);
    assert_eq!(r.intent, Intent::AgencyOwner, "{}", r.render_plain());
    assert_eq!(r.sectors, ["nfd"], "{}", r.render_plain());
    e.ask_at("m", "strategiene til KD og HOD", 100);
    let r = e.ask_at("m", "hvilke etater har sistnevnte?", 110);
    assert_eq!(r.intent, Intent::SectorAgencies, "{}", r.render_plain());
    assert_eq!(r.sectors, ["hod"]);
}

/// "Samme departement" is the chat's ministry, also when the question's
/// word for the agencies is a rare one ("selskaper").
#[test]
fn the_same_ministry_is_the_chats() {
    let e = engine();
    e.ask_at("s", "hvem eier Avinor?", 100);
    let r = e.ask_at(
        "s",
        "hvilke andre selskaper ligger under samme departement?",
        110,
    );
    assert_eq!(r.intent, Intent::SectorAgencies, "{}", r.render_plain());
    assert_eq!(r.sectors, ["sd"]);
    assert!(
        r.render_plain().contains("Norske tog"),
        "{}",
        r.render_plain()
    );
}

/// "Jobber i …" without "jeg", as people type in a chat, introduces too.
#[test]
fn an_introduction_without_i() {
    let e = engine();
    let r = e.ask_at("j", "jobber på Kartverket. hvem er vi under?", 100);
    assert_eq!(r.sectors, ["kdd"], "{}", r.render_plain());
    let r = e.ask_at("j", "hvordan finansieres digitaliseringen hos oss?", 110);
    assert_eq!(r.intent, Intent::Funding, "{}", r.render_plain());
    assert_eq!(r.sectors, ["kdd"]);
    let r = e.ask_at("e", "just started at the Norwegian Tax Administration", 100);
    assert_eq!(r.sectors, ["fin"], "{}", r.render_plain());
    let r = e.ask_at("e", "what strategies do we have?", 110);
    assert_eq!(r.intent, Intent::Strategies, "{}", r.render_plain());
    assert_eq!(r.sectors, ["fin"]);
}

/// Who the user is and a question in one message: the name introduces
/// them, "our ministry" is theirs, and the next turn still knows it.
#[test]
fn an_introduction_and_a_question_in_one_message() {
    let e = engine();
    let r = e.ask_at(
        "iq",
        "Hallo, jeg er ny i Lånekassen. Hvilke strategier har departementet vårt?",
        100,
    );
    assert_eq!(r.intent, Intent::Strategies, "{}", r.render_plain());
    assert_eq!(r.sectors, ["kd"]);
    let r = e.ask_at("iq", "hva med Forsvaret?", 110);
    assert_eq!(r.sectors, ["fd"], "{}", r.render_plain());
    let r = e.ask_at("iq", "og hvordan finansieres det hos oss?", 120);
    assert_eq!(r.intent, Intent::Funding, "{}", r.render_plain());
    assert_eq!(r.sectors, ["kd"]);
    // "Jeg er i …" with an agency introduces too.
    let r = e.ask_at(
        "iq2",
        "Jeg er i Skatteetaten. Hvordan samordnes det hos oss?",
        100,
    );
    assert_eq!(r.intent, Intent::Coordination, "{}", r.render_plain());
    assert_eq!(r.sectors, ["fin"]);
    let r = e.ask_at("iq2", "hvilke søsteretater har vi?", 110);
    assert_eq!(r.sectors, ["fin"], "{}", r.render_plain());
}

/// A question that begins "jeg er i tvil" asks; it introduces nobody.
#[test]
fn being_in_doubt_is_no_introduction() {
    let e = engine();
    let r = e.ask_at("dbt", "Jeg er i tvil om hvem som eier Kystverket", 100);
    assert_eq!(r.intent, Intent::AgencyOwner, "{}", r.render_plain());
    assert!(
        !r.render_plain().contains("Velkommen"),
        "{}",
        r.render_plain()
    );
}

/// Nynorsk "vart" (was), written without å, is not "vårt" (our).
#[test]
fn nynorsk_vart_is_not_us() {
    let e = engine();
    let a = e.analyze("kva vart gjort for å samordne digitaliseringa i KD?");
    assert!(!a.self_ref, "{a:?}");
    let a = e.analyze("kva vart gjort i departementet vårt?");
    assert!(a.self_ref);
    // In bokmål a plain "vart" is still read as "vårt" typed without å.
    let a = e.analyze("hvordan finansieres departementet vart?");
    assert!(a.self_ref);
}
