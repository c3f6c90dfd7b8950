//! Table tests: question → intent, sectors and facts of the answer.
//!
//! These are phrasings, languages, abbreviations, old names and typos that
//! are not in the shared question set, so the bot is held to the general
//! problem and not to one list of questions.

use faktabot::Engine;

struct Case {
    chat: &'static str,
    text: &'static str,
    intent: &'static str,
    sectors: &'static [&'static str],
    has: &'static [&'static str],
    lacks: &'static [&'static str],
}

const fn c(
    chat: &'static str,
    text: &'static str,
    intent: &'static str,
    sectors: &'static [&'static str],
    has: &'static [&'static str],
) -> Case {
    Case {
        chat,
        text,
        intent,
        sectors,
        has,
        lacks: &[],
    }
}

fn run(cases: &[Case]) {
    let engine = Engine::bundled().expect("engine");
    let mut failures = Vec::new();
    for (i, case) in cases.iter().enumerate() {
        let chat = if case.chat.is_empty() {
            format!("t{i}")
        } else {
            case.chat.to_owned()
        };
        let reply = engine.ask_at(&chat, case.text, 1_000);
        let answer = reply.render_plain();
        let mut why = Vec::new();
        if reply.intent.id() != case.intent {
            why.push(format!("intent {} != {}", reply.intent.id(), case.intent));
        }
        let mut got = reply.sectors.clone();
        got.sort();
        let mut want: Vec<String> = case.sectors.iter().map(|s| (*s).to_owned()).collect();
        want.sort();
        if got != want {
            why.push(format!("sectors {:?} != {:?}", reply.sectors, case.sectors));
        }
        let lower = answer.to_lowercase();
        for h in case.has {
            if !lower.contains(&h.to_lowercase()) {
                why.push(format!("answer lacks {h:?}"));
            }
        }
        for h in case.lacks {
            if lower.contains(&h.to_lowercase()) {
                why.push(format!("answer holds {h:?}"));
            }
        }
        if !why.is_empty() {
            failures.push(format!(
                "{:?}: {} | {}",
                case.text,
                why.join("; "),
                answer.chars().take(200).collect::<String>()
            ));
        }
    }
    assert!(
        failures.is_empty(),
        "{} failures:\n{}",
        failures.len(),
        failures.join("\n")
    );
}

#[test]
fn owners_in_many_phrasings_and_spellings() {
    run(&[
        c(
            "",
            "hvem eier NVE?",
            "agency_owner",
            &["ed"],
            &["Energidepartementet"],
        ),
        c(
            "",
            "hvem eier nve",
            "agency_owner",
            &["ed"],
            &["Energidepartementet"],
        ),
        c(
            "",
            "Hvem eier NVEs?",
            "agency_owner",
            &["ed"],
            &["Energidepartementet"],
        ),
        c(
            "",
            "Hvem eier Lanekassen?",
            "agency_owner",
            &["kd"],
            &["Kunnskapsdepartementet"],
        ),
        c(
            "",
            "hvem eier Laanekassen",
            "agency_owner",
            &["kd"],
            &["Kunnskapsdepartementet"],
        ),
        c(
            "",
            "hvem eier Lånekasen",
            "agency_owner",
            &["kd"],
            &["Kunnskapsdepartementet"],
        ),
        c(
            "",
            "Hvem eig Lånekassen?",
            "agency_owner",
            &["kd"],
            &["Kunnskapsdepartementet"],
        ),
        c(
            "",
            "kva departement høyrer Statens vegvesen til?",
            "agency_owner",
            &["sd"],
            &["Samferdselsdepartementet"],
        ),
        c(
            "",
            "Which ministry does NAV belong to?",
            "agency_owner",
            &["aid"],
            &["belongs to", "Arbeids- og inkluderingsdepartementet"],
        ),
        c(
            "",
            "Which ministry is the Norwegian Tax Administration under?",
            "agency_owner",
            &["fin"],
            &["Finansdepartementet"],
        ),
        c(
            "",
            "what ministry owns the Norwegian Mapping Authority?",
            "agency_owner",
            &["kdd"],
            &["Kommunal- og distriktsdepartementet"],
        ),
        c(
            "",
            "hvem eier bronnoysundregistrene",
            "agency_owner",
            &["nfd"],
            &["Nærings- og fiskeridepartementet"],
        ),
        c(
            "",
            "hvem eier Miljodirektoratet",
            "agency_owner",
            &["kld"],
            &["Klima- og miljødepartementet"],
        ),
        c(
            "",
            "hvem eier Veterinarinstituttet",
            "agency_owner",
            &["lmd"],
            &["Landbruks- og matdepartementet"],
        ),
        c(
            "",
            "Hvilket departement har Politiet?",
            "agency_owner",
            &["jd"],
            &["Justis- og beredskapsdepartementet"],
        ),
        c(
            "",
            "Hvem er Digdir underlagt?",
            "agency_owner",
            &["dfd"],
            &["Digitaliserings- og forvaltningsdepartementet"],
        ),
        c(
            "",
            "hvem eier udir",
            "agency_owner",
            &["kd"],
            &["Utdanningsdirektoratet"],
        ),
        c(
            "",
            "hvem eier UDI?",
            "agency_owner",
            &["jd"],
            &["Utlendingsdirektoratet"],
        ),
        c(
            "",
            "hvem eier DSB?",
            "agency_owner",
            &["jd"],
            &["samfunnssikkerhet"],
        ),
        c(
            "",
            "hvem eier universitetene?",
            "agency_owner",
            &["kd"],
            &["Universiteter og høyskoler"],
        ),
        c(
            "",
            "hvem eier helseforetakene",
            "agency_owner",
            &["hod"],
            &["Regionale helseforetak"],
        ),
        c(
            "",
            "Hvem eier Forsvaret?",
            "agency_owner",
            &["fd"],
            &["Forsvarsdepartementet"],
        ),
        c(
            "",
            "hvem eier HK-dir",
            "agency_owner",
            &["kd"],
            &["Kunnskapsdepartementet"],
        ),
        c(
            "",
            "hvem eier mattilsynet",
            "agency_owner",
            &["hod", "lmd"],
            &[
                "Helse- og omsorgsdepartementet",
                "Landbruks- og matdepartementet",
            ],
        ),
        c(
            "",
            "hvem eier Norges bank",
            "agency_owner",
            &["fin"],
            &["Norges Bank (Statens pensjonsfond utland)"],
        ),
    ]);
}

#[test]
fn former_names_lead_to_todays_agency() {
    run(&[
        c(
            "",
            "hvem eier Oljedirektoratet?",
            "agency_owner",
            &["ed"],
            &["Sokkeldirektoratet"],
        ),
        c(
            "",
            "hvem eier Petroleumstilsynet?",
            "agency_owner",
            &["ed"],
            &["Havindustritilsynet"],
        ),
        c(
            "",
            "hvem eier Difi?",
            "agency_owner",
            &["dfd"],
            &["Digitaliseringsdirektoratet"],
        ),
        c(
            "",
            "hvem eier Statens legemiddelverk?",
            "agency_owner",
            &["hod"],
            &["Direktoratet for medisinske produkter"],
        ),
        c(
            "",
            "hvem eier Direktoratet for e-helse?",
            "agency_owner",
            &["hod"],
            &["Helsedirektoratet"],
        ),
        c(
            "",
            "hvem eier Riksarkivet?",
            "agency_owner",
            &["kud"],
            &["Arkivverket"],
        ),
        c(
            "",
            "Hvilke strategier har Kulturdepartementet?",
            "strategies",
            &["kud"],
            &["Handlingsplan for trygg digital oppvekst"],
        ),
        c(
            "",
            "Hvilke etater har Olje- og energidepartementet?",
            "sector_agencies",
            &["ed"],
            &["Sokkeldirektoratet"],
        ),
    ]);
}

#[test]
fn yes_no_questions_say_yes_or_no_and_name_the_right_ministry() {
    run(&[
        c(
            "",
            "Er NVE underlagt Finansdepartementet?",
            "agency_owner",
            &["ed"],
            &["Nei", "Energidepartementet"],
        ),
        c(
            "",
            "Er Lånekassen under KD?",
            "agency_owner",
            &["kd"],
            &["Ja"],
        ),
        c(
            "",
            "Er Politiet underlagt FD?",
            "agency_owner",
            &["jd"],
            &["Nei", "Justis- og beredskapsdepartementet"],
        ),
        c(
            "",
            "Is Skatteetaten under the Ministry of Finance?",
            "agency_owner",
            &["fin"],
            &["Yes", "Finansdepartementet"],
        ),
        c(
            "",
            "Does Norad belong to the Ministry of Foreign Affairs?",
            "agency_owner",
            &["ud"],
            &["Yes", "Utenriksdepartementet"],
        ),
    ]);
}

#[test]
fn sections_in_bokmal_nynorsk_and_english() {
    run(&[
        c(
            "",
            "kva strategiar har KD?",
            "strategies",
            &["kd"],
            &["Strategi for digital omstilling"],
        ),
        c(
            "",
            "korleis blir digitalisering finansiert i helsesektoren?",
            "funding",
            &["hod"],
            &["samfinansiering"],
        ),
        c(
            "",
            "Korleis vert digitaliseringa samordna i justissektoren?",
            "coordination",
            &["jd"],
            &["ModUlf"],
        ),
        c(
            "",
            "Kva etatar ligg under Samferdselsdepartementet?",
            "sector_agencies",
            &["sd"],
            &["Avinor AS"],
        ),
        c(
            "",
            "Kor mange etatar har JD?",
            "sector_agencies",
            &["jd"],
            &["18"],
        ),
        c(
            "",
            "hvordan finansieres digitaliseringen i helse?",
            "funding",
            &["hod"],
            &["samfinansiering"],
        ),
        c(
            "",
            "Finansiering i kultursektoren?",
            "funding",
            &["kud"],
            &["ordinære finansieringsmekanismer"],
        ),
        c("", "finansiering KD", "funding", &["kd"], &["40 MNOK"]),
        c(
            "",
            "strategier hos justisdepartementet",
            "strategies",
            &["jd"],
            &["Nasjonal strategi for digital sikkerhet"],
        ),
        c(
            "",
            "Hvilke stratgier har KD?",
            "strategies",
            &["kd"],
            &["Strategi for digital omstilling"],
        ),
        c(
            "",
            "hvilke strategeier har helsedepartementet",
            "strategies",
            &["hod"],
            &["Nasjonal e-helsestrategi"],
        ),
        c(
            "",
            "Hvordan koordineres digitaliseringsarbeidet i forsvarssektoren?",
            "coordination",
            &["fd"],
            &["Mime"],
        ),
        c(
            "",
            "Which agencies are under the Ministry of Justice?",
            "sector_agencies",
            &["jd"],
            &["Politiet", "18"],
        ),
        c(
            "",
            "How many agencies does the Ministry of Education and Research have?",
            "sector_agencies",
            &["kd"],
            &["14"],
        ),
        c(
            "",
            "What is the Ministry of Finance responsible for?",
            "responsibility",
            &["fin"],
            &["Statens pensjonsfond"],
        ),
        c(
            "",
            "What strategies does the health sector have?",
            "strategies",
            &["hod"],
            &["Nasjonal e-helsestrategi"],
        ),
        c(
            "",
            "How is digitalisation coordinated in the municipal sector?",
            "coordination",
            &["ks"],
            &["KommIT-rådet"],
        ),
        c(
            "",
            "Tell me about the agriculture sector",
            "sector_overview",
            &["lmd"],
            &["Landbruks- og matdepartementet"],
        ),
        c(
            "",
            "Hvilke etater har JD og FIN?",
            "sector_agencies",
            &["jd", "fin"],
            &["Politiet", "Skatteetaten"],
        ),
    ]);
}

#[test]
fn where_the_sheet_is_silent_the_bot_says_so() {
    run(&[
        Case {
            chat: "",
            text: "Hvilke strategier har KDD?",
            intent: "strategies",
            sectors: &["kdd"],
            has: &["ikke opp noe"],
            lacks: &["Nasjonal", "Strategi for"],
        },
        c(
            "",
            "Hvilke tiltak finnes i forsvarssektoren?",
            "measures",
            &["fd"],
            &["sier ingenting"],
        ),
        c("", "Who owns Statnett?", "unknown", &[], &["Statnett"]),
        c(
            "",
            "Hvem vant Eurovision?",
            "unknown",
            &[],
            &["vet jeg ikke"],
        ),
        c("", "Hva er været i Bergen i morgen?", "unknown", &[], &[]),
        c("", "Hvordan lager man pannekaker?", "unknown", &[], &[]),
        // A misspelt word of the sheet is not a name it lacks.
        c(
            "",
            "finnes det en nasjonal strategi for skytjenster i DFD?",
            "strategies",
            &["dfd"],
            &["Nasjonal strategi for skytjenester"],
        ),
        Case {
            chat: "",
            text: "hva sier arket om Helsedirektoratets rolle innen digitaliserng?",
            intent: "agency_info",
            // The agency's own part; the parts quoted are its sources.
            sectors: &["hod"],
            has: &["faglige rådgiver for digitalisering"],
            lacks: &["finner ingen"],
        },
        // Opinions: the sheet describes, it does not judge.
        c(
            "",
            "liker du Statens vegvesen?",
            "unknown",
            &[],
            &["vet jeg ikke"],
        ),
        c(
            "",
            "what's your opinion of Nkom?",
            "unknown",
            &[],
            &["I don't know"],
        ),
        c(
            "",
            "kva meiner du om Lånekassen?",
            "unknown",
            &[],
            &["veit eg ikkje"],
        ),
        c("", "er Politiet en god arbeidsgiver?", "unknown", &[], &[]),
    ]);
}

#[test]
fn lists_and_cross_sector_questions() {
    run(&[
        c(
            "",
            "Hvilke departementer kjenner du til?",
            "list_sectors",
            &[],
            &["Utenriksdepartementet", "Kommunal sektor"],
        ),
        c(
            "",
            "List opp sektorene",
            "list_sectors",
            &[],
            &["Faktaarket har 17 deler"],
        ),
        c(
            "",
            "Hvilke sektorer mangler strategi?",
            "cross_sector",
            &["bfd", "fin", "kdd", "lmd"],
            &[],
        ),
        c(
            "",
            "Which sectors have no public portfolio?",
            "cross_sector",
            &[
                "aid", "bfd", "fin", "fd", "kld", "kdd", "kud", "lmd", "nfd", "sd", "ud",
            ],
            &[],
        ),
        c(
            "",
            "Hvilke sektorer nevner medfinansiering?",
            "cross_sector",
            &["lmd", "bfd", "dfd", "ed", "kdd", "sd"],
            &["Landbruks"],
        ),
    ]);
}

/// Questions about a thing the sheet names once are answered by the
/// paragraph that names it; when every paragraph shown comes from one
/// section of one part, the reply is labelled by that section (DigiFin is
/// KS's funding), as the question sets label such questions.
#[test]
fn search_answers_from_the_right_paragraph() {
    run(&[
        c(
            "",
            "Hva er DigiFin?",
            "funding",
            &["ks"],
            &["finansieringsordning"],
        ),
        c(
            "",
            "Hva er Mime?",
            "coordination",
            &["fd"],
            &["taktisk informasjonsinfrastruktur"],
        ),
        c(
            "",
            "Hva er OPS Landbruk?",
            "coordination",
            &["lmd"],
            &["OPS Landbruk"],
        ),
        c(
            "",
            "Spørsmål: hva er Stimulab?",
            "search",
            &["dfd"],
            &["tverrfaglig veiledning"],
        ),
        c(
            "",
            "Hvor mye er rammen for felles investeringsmidler i UH-sektoren?",
            "funding",
            &["kd"],
            &["40 MNOK"],
        ),
        c("", "/sok Stimulab", "search", &["dfd"], &["Stimulab"]),
    ]);
}

#[test]
fn conversations_follow_their_context() {
    run(&[
        c(
            "a",
            "Hva er strategiene til KD?",
            "strategies",
            &["kd"],
            &[],
        ),
        c(
            "a",
            "og hvordan finansieres de?",
            "funding",
            &["kd"],
            &["40 MNOK"],
        ),
        c(
            "a",
            "hva med samordningen der?",
            "coordination",
            &["kd"],
            &["etatsgruppe"],
        ),
        c(
            "a",
            "og HOD?",
            "coordination",
            &["hod"],
            &["Nasjonal rådsmodell"],
        ),
        c(
            "a",
            "hvilke etater har de?",
            "sector_agencies",
            &["hod"],
            &["Helsedirektoratet"],
        ),
        c("a", "hvor mange?", "sector_agencies", &["hod"], &["12"]),
        c("b", "hvem eier NVE?", "agency_owner", &["ed"], &[]),
        c("b", "og Statnett?", "unknown", &[], &["Statnett"]),
        c(
            "b",
            "og Lånekassen?",
            "agency_owner",
            &["kd"],
            &["Kunnskapsdepartementet"],
        ),
        c(
            "b",
            "what about strategies?",
            "strategies",
            &["kd"],
            &["Strategies"],
        ),
        c(
            "c",
            "Tell me about the transport sector",
            "sector_overview",
            &["sd"],
            &[],
        ),
        c("c", "how is it funded?", "funding", &["sd"], &["Pilot-T"]),
        c(
            "c",
            "which agencies?",
            "sector_agencies",
            &["sd"],
            &["Avinor AS"],
        ),
        c("d", "kva strategiar har KD?", "strategies", &["kd"], &[]),
        c(
            "d",
            "og korleis blir dei finansiert?",
            "funding",
            &["kd"],
            &[],
        ),
        c(
            "d",
            "kva med HOD?",
            "funding",
            &["hod"],
            &["samfinansiering"],
        ),
        c("e", "Hvem eier NVE?", "agency_owner", &["ed"], &[]),
        c(
            "e",
            "Hva er Stimulab?",
            "search",
            &["dfd"],
            &["tverrfaglig veiledning"],
        ),
    ]);
}

#[test]
fn commands_and_smalltalk() {
    run(&[
        c("g", "hei", "smalltalk", &[], &["Hei"]),
        c("g", "takk!", "smalltalk", &[], &["hyggelig"]),
        c(
            "g",
            "/help",
            "help",
            &[],
            &["/etat", "Kilde: Digitaliseringsdirektoratet"],
        ),
        c("g", "/start@faktabot", "help", &[], &[]),
        c(
            "g",
            "/etat NVE",
            "agency_info",
            &["ed"],
            &["Energidepartementet"],
        ),
        c("g", "/finansiering helse", "funding", &["hod"], &[]),
        c(
            "g",
            "/departement KD",
            "sector_agencies",
            &["kd"],
            &["Statped"],
        ),
        c("g", "/ukjent", "help", &[], &["/ukjent"]),
        c(
            "g",
            "/sektorer",
            "list_sectors",
            &[],
            &["Kunnskapssektoren"],
        ),
    ]);
}

#[test]
fn an_ambiguous_former_name_lists_its_candidates() {
    let e = Engine::bundled().unwrap();
    let r = e.ask("amb", "Hvilke etater har KMD?");
    assert!(
        r.candidates
            .contains(&"Digitaliserings- og forvaltningsdepartementet".to_owned()),
        "{r:?}"
    );
    assert!(
        r.candidates
            .contains(&"Kommunal- og distriktsdepartementet".to_owned()),
        "{r:?}"
    );
    assert!(r.render_plain().contains("Mente du"));
}

#[test]
fn english_answers_keep_norwegian_names_and_content() {
    let e = Engine::bundled().unwrap();
    let r = e.ask("en", "How is digitalisation funded in the justice sector?");
    let text = r.render_plain();
    assert!(text.starts_with("Funding"), "{text}");
    assert!(text.contains("finansieres over statsbudsjettet"), "{text}");
    assert!(
        text.contains(
            "Source: Fact sheet, Justis- og beredskapssektoren › Finansieringsmekanismer"
        ),
        "{text}"
    );
}

#[test]
fn counts_and_facets_across_sectors() {
    run(&[
        c(
            "",
            "Hvilke sektorer har flest etater?",
            "cross_sector",
            &[
                "jd", "nfd", "kd", "kud", "hod", "sd", "dfd", "fin", "aid", "kld", "fd", "kdd",
                "bfd", "ed", "lmd", "ks", "ud",
            ],
            &["Justis- og beredskapssektoren (JD): 18", "148"],
        ),
        c(
            "",
            "Hvor mange etater er det i faktaarket totalt?",
            "sector_agencies",
            &[],
            &["148"],
        ),
        c(
            "",
            "Hvilke sektorer har egen digitaliseringsstrategi?",
            "cross_sector",
            &[
                "aid", "dfd", "ed", "fd", "hod", "jd", "kld", "ks", "kud", "kd", "nfd", "sd", "ud",
            ],
            &[],
        ),
        c(
            "",
            "Hvilken minister har ansvar for Politiet?",
            "agency_owner",
            &["jd"],
            &[],
        ),
        c(
            "",
            "Hva slags virksomhet er Statped?",
            "agency_info",
            &["kd"],
            &["Kunnskapsdepartementet"],
        ),
    ]);
}

/// A section asked of every sector ("compare …", "across the sectors"), and
/// "compare" with sectors named, which asks their section.
#[test]
fn sections_across_sectors_and_compare_with_named_sectors() {
    const ALL: &[&str] = &[
        "aid", "bfd", "dfd", "ed", "fin", "fd", "hod", "jd", "kld", "kdd", "ks", "kud", "kd",
        "lmd", "nfd", "sd", "ud",
    ];
    run(&[
        c(
            "",
            "How is digitalisation financed in the different sectors, compared?",
            "cross_sector",
            ALL,
            &[
                "funding of each sector",
                "Justis- og beredskapssektoren (JD): «Digitaliseringsprosjekter i justis- og beredskapssektoren finansieres over statsbudsjettet.»",
            ],
        ),
        c(
            "",
            "samanlikn porteføljane på tvers av sektorane",
            "cross_sector",
            ALL,
            &["Portefølje i kvar sektor"],
        ),
        // Comparing named sectors is a cross-sector question, answered
        // section by section.
        c(
            "",
            "sammenlign finansieringen i kultursektoren og justissektoren",
            "cross_sector",
            &["kud", "jd"],
            &["finansieres over statsbudsjettet"],
        ),
        c(
            "",
            "compare the strategies of KD and HOD",
            "cross_sector",
            &["kd", "hod"],
            &[
                "Strategies – Kunnskapssektoren",
                "Strategies – Helse- og omsorgssektoren",
            ],
        ),
        // The agencies are where the question looks, the measures what
        // it asks for.
        c(
            "",
            "hvilke tiltak har virksomhetene under KLD?",
            "measures",
            &["kld"],
            &["Tiltak – Klima- og miljøsektoren"],
        ),
        // What is beyond a portfolio is the part's own list of measures.
        c(
            "",
            "hvilke løsninger har KD utenom porteføljen til Sikt?",
            "measures",
            &["kd"],
            &["Tiltak – Kunnskapssektoren"],
        ),
        c(
            "",
            "what initiatives does KD have outside Sikt's portfolio?",
            "measures",
            &["kd"],
            &["Measures – Kunnskapssektoren"],
        ),
        c(
            "",
            "hva er i porteføljen til Sikt?",
            "portfolio",
            &["kd"],
            &["SIKT fører en offentlig tilgjengelig oversikt"],
        ),
        // A paragraph with the question's own word before one with only a
        // shorter form of it.
        c(
            "",
            "fortell om viderebruksutvalget",
            "measures",
            &["kdd"],
            &["regler for viderebruk"],
        ),
        // "KI" and "kunstig intelligens" are one thing (a synonym group in
        // intents/common.toml); English "AI" is translated to "KI".
        c(
            "",
            "which sectors mention AI?",
            "cross_sector",
            &["fd", "nfd", "hod", "dfd", "ks", "kdd"],
            &["KI", "kunstig intelligens"],
        ),
        // A name of several words: the parts with the words one after the
        // other, not every part with one of them.
        c(
            "",
            "hvilke sektorer nevner Norge digitalt?",
            "cross_sector",
            &["kdd"],
            &["nasjonalt samarbeid for innsamling"],
        ),
        c(
            "",
            "what does the sheet say about Norge digitalt?",
            "coordination",
            &["kdd"],
            &["nasjonalt samarbeid for innsamling"],
        ),
        // A funding question about things only one part's paragraphs
        // name, each paragraph one of them: that part's funding.
        c(
            "",
            "kven betalar for helsenettet og kjernejournalen?",
            "funding",
            &["hod"],
            &["Finansiering – Helse- og omsorgssektoren"],
        ),
        c(
            "",
            "compare with justice: who pays for their IT projects?",
            "funding",
            &["jd"],
            &["finansieres over statsbudsjettet"],
        ),
    ]);
}
