//! Rendered replies under review: a change in wording shows up as a
//! snapshot diff (insta), not as a surprise in a chat.

use faktabot::Engine;

fn render(text: &str) -> String {
    Engine::bundled().unwrap().ask("snap", text).render_plain()
}

#[test]
fn funding_answer() {
    insta::assert_snapshot!(render(
        "Hvordan finansieres digitalisering i kunnskapssektoren?"
    ));
}

#[test]
fn owner_answer_in_english() {
    insta::assert_snapshot!(render("Which ministry is NVE under?"));
}

#[test]
fn owner_answer_for_an_agency_under_two_ministries() {
    insta::assert_snapshot!(render("Hvem eier Mattilsynet?"));
}

#[test]
fn empty_section_answer() {
    insta::assert_snapshot!(render("Hvilke strategier har BFD?"));
}

#[test]
fn agency_list_with_two_groups() {
    insta::assert_snapshot!(render("Hvilke virksomheter hører til Finansdepartementet?"));
}

#[test]
fn agency_info_answer() {
    insta::assert_snapshot!(render("Fortell om Sikt"));
}

#[test]
fn not_found_answer() {
    insta::assert_snapshot!(render("Hvem eier Statnett?"));
}

#[test]
fn help_answer() {
    insta::assert_snapshot!(render("/help"));
}
