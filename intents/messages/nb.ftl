# faktabot's own sentences in bokmål. The sheet's text is quoted as it is;
# these are the words around it. Every message here must exist in nn.ftl
# and en.ftl too (`faktabot check` fails otherwise).

## Words

# "a, b og c": the part before the last item, and the last item.
list-and = { $init } og { $last }

## Section names, as a user would say them

section-intro = Innledning
section-coordination = Samordning
section-strategies = Strategier
section-portfolio = Portefølje
section-funding = Finansiering
section-measures = Tiltak
section-responsibility = Ansvarsområde
section-agencies = Etater og virksomheter

## Sources and length

source-line = Kilde: Faktaark, { $label }
source-line-edition = Kilde: Faktaark (utgave { $edition }), { $label }
shortened = … (forkortet: spør om én del om gangen for resten)

## Which ministry owns an agency

owner-yes = Ja.
owner-no = Nei.
# $count: how many ministries list the agency; $deny: "yes" when the user
# asked about another ministry ($denied).
agency-owner = { $count ->
        [one] { $agency } ligger under { $owners }
       *[other] { $agency } står under { $count ->
            [2] to
            [3] tre
            [4] fire
           *[other] { $count }
        } departementer: { $owners }
    }{ $deny ->
        [yes] , ikke under { $denied }.
       *[no] .
    }
agency-entry = «{ $name }» under «{ $group }» i delen «{ $part }»
agency-listed-as-many = Faktaarket fører den opp slik:
agency-listed-as = Faktaarket fører den opp som { $entry }.
agency-only-listed = Faktaarket nevner { $agency } bare i listen over virksomheter; det sier ikke mer om den.
agency-mentions = Dette sier faktaarket om { $agency }:
also-mentioned = Nevnt også i: { $places }.

## A name the sheet does not have

not-found = Jeg finner ingen etat, virksomhet, departement eller sektor som heter «{ $words }» i faktaarket, så jeg kan ikke svare på det. Faktaarket har { $parts } deler og fører opp { $agencies } ulike etater og virksomheter.
not-found-near = Mente du kanskje:

## Follow-up suggestions ($abbr: the ministry's abbreviation)

suggest-funding = Hvordan finansieres digitalisering hos { $abbr }?
suggest-strategies = Hvilke strategier har { $abbr }?
suggest-agencies = Hvilke etater ligger under { $abbr }?
suggest-coordination = Hvordan samordnes digitalisering hos { $abbr }?

## Buttons under an answer (Telegram)

button-funding = Finansiering
button-strategies = Strategier
button-agencies = Etater
button-coordination = Samordning

## Section answers

section-empty-heading = Faktaarket har overskriften «{ $heading }» i delen «{ $part }» ({ $abbr }), men fører ikke opp noe under den.
section-missing = Faktaarket sier ingenting om { $section } for «{ $part }» ({ $abbr }).
topic-missing = Faktaarket nevner ikke «{ $topic }» i delen «{ $part }» ({ $abbr }).
section-has-instead = For denne delen beskriver det { $sections }.
section-topic-elsewhere = Delen nevner det du spør om, et annet sted:
# $place: the item's place in the list the last answer gave; $count: its length.
listed-item = Punkt { $place } av { $count } i lista:
list-count = Lista har { $count ->
        [one] ett punkt
       *[other] { $count } punkter
    }:
listed-items-naming = { $found ->
        [one] Ett
       *[other] { $found }
    } av de { $count } punktene i lista nevner det:
first-three-sectors = (Viser de tre første sektorene; spør om de andre hver for seg.)
# $dupes: entries listed more than once; $end: "count" ends with a full
# stop, "list" with a colon before the list.
agency-list = Faktaarket fører opp { $count ->
        [one] én etat eller virksomhet
       *[other] { $count } etater og virksomheter
    } under { $ministry }{ $dupes ->
        [0] {""}
        [one] {" "}({ $distinct } ulike; én er oppført mer enn én gang)
       *[other] {" "}({ $distinct } ulike; { $dupes } er oppført mer enn én gang)
    }{ $end ->
        [count] .
       *[list] :
    }

## Asking back

which-agency = Hvilken etat eller virksomhet mener du? Skriv for eksempel «/etat Lånekassen» eller «Hvem eier NVE?».
which-sector = Hvilken sektor mener du? Faktaarket beskriver «{ $section }» for hver av disse:
which-sector-hint = Skriv for eksempel: «… i kunnskapssektoren» eller «… hos KD».
ambiguous = Navnet kan bety flere ting. Mente du:
did-you-mean = Jeg er ikke sikker på hva du spør om. Mente du «{ $first }» eller «{ $second }»?
did-you-mean-about = Jeg er ikke sikker på hva du spør om. Mente du «{ $first }» eller «{ $second }» ({ $about })?

## What an intent asks for (in "did you mean")

intent-agency_owner = hvilket departement den hører til
intent-agency_info = hva faktaarket sier om den
intent-sector_agencies = etatene
intent-funding = finansieringen
intent-strategies = strategiene
intent-coordination = samordningen
intent-portfolio = porteføljen
intent-measures = tiltakene
intent-responsibility = ansvarsområdet
intent-sector_overview = en oversikt over sektoren
intent-list_sectors = hvilke sektorer faktaarket dekker
intent-cross_sector = en sammenligning på tvers av sektorer
intent-help = hjelp
intent-smalltalk = noe annet
intent-search = noe annet
intent-unknown = noe annet

## Sector overview and the list of parts

overview-ministry = Departement: { $ministry }
overview-strategies = Strategier: { $list }{ $more ->
        [0] {""}
       *[other] {" "}(og { $more } til)
    }.
overview-agencies = Etater og virksomheter ({ $count }): { $list }.
overview-coordination = Samordning{ $more ->
        [0] {""}
       *[other] {" "}(og { $more } til)
    }:
overview-measures = Tiltak{ $more ->
        [0] {""}
       *[other] {" "}(og { $more } til)
    }:
overview-more = { $has ->
        [0] Spør gjerne om en av etatene.
       *[other] Delen omtaler også { $sections }. Spør gjerne om dem eller om en av etatene.
    }
list-sectors-title = Faktaarket har { $count } deler:
list-sectors-source = Kilde: «{ $title }», { $publisher }

## Across sectors

cross-none = Faktaarket nevner ikke dette i noen sektor, så jeg kan ikke svare på det.
cross-title = Disse sektorene nevner dette i faktaarket:
cross-section-title = { $name } i hver sektor i faktaarket (første punkt vist):
cross-section-without = Faktaarket beskriver ingen { $section } for: { $sectors }.
cross-listed = står i listen «{ $group }»
cross-listed-agency = «{ $agency }» står i listen «{ $group }»
facet-none = Ingen sektor i faktaarket passer.
facet-nothing-listed = ingenting oppført
facet-total = Til sammen { $count } oppføringer.
facet-no_public_portfolio = Sektorer uten offentlig tilgjengelig portefølje eller tiltaksoversikt (ifølge faktaarket):
facet-no_strategy = Sektorer uten egne digitaliseringsstrategier i faktaarket:
facet-shared_agencies = Etater og virksomheter som står under mer enn ett departement i faktaarket:
facet-agency_count = Antall etater og virksomheter per sektor i faktaarket (flest først):
facet-no_measures = Sektorer der faktaarket ikke har en egen del om tiltak:
facet-no_coordination_body = Sektorer som ifølge faktaarket ikke har et eget styrings- eller samordningsorgan for digitalisering:
facet-ordinary_budgets = Sektorer der digitalisering ifølge faktaarket finansieres gjennom de ordinære budsjettene:
facet-has_strategy = Sektorer der faktaarket oppgir strategier (første oppføring vist):
facet-has_portfolio = Sektorer der faktaarket beskriver en portefølje eller oversikt over tiltak uten å si at den ikke er offentlig:

## Search

search-intro = Dette fant jeg i faktaarket:

## Examples (help, "unknown")

example-owner = Hvem eier NVE?
example-funding = Hvordan finansieres digitalisering i helsesektoren?
example-strategies = Hvilke strategier har KD?
example-agencies = Hvilke etater ligger under JD?
example-cross = Hvilke sektorer har fått medfinansiering?

## Unknown, help and commands

unknown = Det vet jeg ikke – faktaarket om samordning av digitalisering sier ingenting om det. Dette kan jeg svare på:
no-question = Jeg fant ikke noe spørsmål i meldingen. Spør for eksempel:
unknown-command = Jeg kjenner ikke kommandoen /{ $name }.
help-title = faktabot – hjelp
help-intro = Jeg svarer på spørsmål om hvordan staten samordner digitalisering i hver sektor, ut fra Digitaliseringsdirektoratets faktaark. Jeg kan fortelle hvilket departement en etat hører til, og om samordning, strategier, porteføljer, finansiering, tiltak, ansvarsområder og etater i hver av de { $parts } delene. Spør på bokmål, nynorsk eller engelsk, for eksempel:
help-commands = Kommandoer:
command-start = kom i gang
command-help = hva jeg kan svare på
command-hjelp = hva jeg kan svare på
command-etat = hvilket departement en etat hører til, og hva faktaarket sier om den
command-departement = etatene under et departement
command-finansiering = hvordan digitalisering finansieres i en sektor
command-strategier = strategiene i en sektor
command-samordning = hvordan digitalisering samordnes i en sektor
command-portefolje = porteføljer og tiltaksoversikter i en sektor
command-tiltak = tiltakene faktaarket beskriver i en sektor
command-ansvar = hva et departement har ansvar for
command-oversikt = en oversikt over en sektor
command-sok = søk i hele faktaarket
command-sektorer = alle sektorene i faktaarket

## Introductions ("Jeg er ny i Tolletaten")

welcome = Velkommen til { $name }!
welcome-remember = Jeg husker hvor du jobber, så du kan spørre om «oss», «departementet vårt» eller «søsteretatene våre».

## Small talk

smalltalk-thanks = Bare hyggelig! Spør gjerne om mer.
smalltalk-bye = Ha det bra!
smalltalk-greeting = Hei! Jeg svarer på spørsmål om samordning av digitalisering i hver sektor. Skriv «hjelp» for å se hva jeg kan.
smalltalk-ok = Greit! Spør gjerne om mer.

## The chat adapters' notices

button-expired = Denne knappen er for gammel til at jeg husker spørsmålet. Spør gjerne på nytt.
slow-down = Du sender mange spørsmål på kort tid. Vent litt, så svarer jeg igjen.
try-again = Beklager, jeg klarte ikke å svare på det akkurat nå. Prøv igjen.
leave-room = Ha det! Inviter meg igjen når dere vil.
encrypted-room = Jeg kan ikke lese krypterte meldinger, så jeg kan ikke svare i dette rommet. Inviter meg til et rom uten ende-til-ende-kryptering.
removed-agency = «{ $name }» står ikke i denne utgaven av faktaarket. En tidligere utgave førte den opp i delen «{ $part }».
intent-changes = hva som er nytt i faktaarket
changes-none = Jeg har bare denne ene utgaven av faktaarket, så jeg kan ikke si hva som er endret.
changes-nothing = Denne utgaven av faktaarket er lik den forrige.
changes-title = Nytt i faktaarket: { $edition } mot { $before }
changes-this-edition = denne utgaven
changes-previous-edition = forrige utgave
changes-part-added = Ny del: «{ $part }»
changes-part-removed = Delen «{ $part }» er borte
changes-part-renamed = «{ $before }» heter nå «{ $part }» (departement: { $ministry })
changes-agency-added = «{ $agency }» er ny i «{ $part }»
changes-agency-removed = «{ $agency }» står ikke lenger i «{ $part }»
changes-agency-moved = «{ $agency }» er flyttet fra «{ $before }» til «{ $part }»
changes-section = { $section } i «{ $part }» er skrevet om
