# faktabot's own sentences in nynorsk. The sheet's text is quoted as it is;
# these are the words around it. Every message here must exist in nb.ftl
# and en.ftl too (`faktabot check` fails otherwise).

## Words

list-and = { $init } og { $last }

## Section names, as a user would say them

section-intro = Innleiing
section-coordination = Samordning
section-strategies = Strategiar
section-portfolio = Portefølje
section-funding = Finansiering
section-measures = Tiltak
section-responsibility = Ansvarsområde
section-agencies = Etatar og verksemder

## Sources and length

source-line = Kjelde: Faktaark, { $label }
source-line-edition = Kjelde: Faktaark (utgåve { $edition }), { $label }
shortened = … (forkorta: spør om éin del om gongen for resten)

## Which ministry owns an agency

owner-yes = Ja.
owner-no = Nei.
agency-owner = { $count ->
        [one] { $agency } ligg under { $owners }
       *[other] { $agency } står under { $count ->
            [2] to
            [3] tre
            [4] fire
           *[other] { $count }
        } departement: { $owners }
    }{ $deny ->
        [yes] , ikkje under { $denied }.
       *[no] .
    }
agency-entry = «{ $name }» under «{ $group }» i delen «{ $part }»
agency-listed-as-many = Faktaarket fører han opp slik:
agency-listed-as = Faktaarket fører han opp som { $entry }.
agency-only-listed = Faktaarket nemner { $agency } berre i lista over verksemder; det seier ikkje meir om han.
agency-mentions = Dette seier faktaarket om { $agency }:
also-mentioned = Nemnd òg i: { $places }.

## A name the sheet does not have

not-found = Eg finn ingen etat, verksemd, departement eller sektor som heiter «{ $words }» i faktaarket, så eg kan ikkje svare på det. Faktaarket har { $parts } delar og fører opp { $agencies } ulike etatar og verksemder.
not-found-near = Meinte du kanskje:

## Follow-up suggestions ($abbr: the ministry's abbreviation)

suggest-funding = Korleis blir digitalisering finansiert hos { $abbr }?
suggest-strategies = Kva strategiar har { $abbr }?
suggest-agencies = Kva etatar ligg under { $abbr }?
suggest-coordination = Korleis blir digitalisering samordna hos { $abbr }?

## Buttons under an answer (Telegram)

button-funding = Finansiering
button-strategies = Strategiar
button-agencies = Etatar
button-coordination = Samordning

## Section answers

section-empty-heading = Faktaarket har overskrifta «{ $heading }» i delen «{ $part }» ({ $abbr }), men fører ikkje opp noko under ho.
section-missing = Faktaarket seier ingenting om { $section } for «{ $part }» ({ $abbr }).
topic-missing = Faktaarket nemner ikkje «{ $topic }» i delen «{ $part }» ({ $abbr }).
section-has-instead = For denne delen skildrar det { $sections }.
section-topic-elsewhere = Delen nemner det du spør om, ein annan stad:
# $place: the item's place in the list the last answer gave; $count: its length.
listed-item = Punkt { $place } av { $count } i lista:
list-count = Lista har { $count ->
        [one] eitt punkt
       *[other] { $count } punkt
    }:
listed-items-naming = { $found ->
        [one] Eitt
       *[other] { $found }
    } av dei { $count } punkta i lista nemner det:
first-three-sectors = (Viser dei tre første sektorane; spør om dei andre kvar for seg.)
agency-list = Faktaarket fører opp { $count ->
        [one] éin etat eller verksemd
       *[other] { $count } etatar og verksemder
    } under { $ministry }{ $dupes ->
        [0] {""}
        [one] {" "}({ $distinct } ulike; éin er ført opp meir enn éin gong)
       *[other] {" "}({ $distinct } ulike; { $dupes } er førte opp meir enn éin gong)
    }{ $end ->
        [count] .
       *[list] :
    }

## Asking back

which-agency = Kva etat eller verksemd meiner du? Skriv til dømes «/etat Lånekassen» eller «Kven eig NVE?».
which-sector = Kva sektor meiner du? Faktaarket skildrar «{ $section }» for kvar av desse:
which-sector-hint = Skriv til dømes: «… i kunnskapssektoren» eller «… hos KD».
ambiguous = Namnet kan tyde fleire ting. Meinte du:
did-you-mean = Eg er ikkje sikker på kva du spør om. Meinte du «{ $first }» eller «{ $second }»?
did-you-mean-about = Eg er ikkje sikker på kva du spør om. Meinte du «{ $first }» eller «{ $second }» ({ $about })?

## What an intent asks for (in "did you mean")

intent-agency_owner = kva departement han høyrer til
intent-agency_info = kva faktaarket seier om han
intent-sector_agencies = etatane
intent-funding = finansieringa
intent-strategies = strategiane
intent-coordination = samordninga
intent-portfolio = porteføljen
intent-measures = tiltaka
intent-responsibility = ansvarsområdet
intent-sector_overview = ei oversikt over sektoren
intent-list_sectors = kva sektorar faktaarket dekkjer
intent-cross_sector = ei samanlikning på tvers av sektorar
intent-help = hjelp
intent-smalltalk = noko anna
intent-search = noko anna
intent-unknown = noko anna

## Sector overview and the list of parts

overview-ministry = Departement: { $ministry }
overview-strategies = Strategiar: { $list }{ $more ->
        [0] {""}
       *[other] {" "}(og { $more } til)
    }.
overview-agencies = Etatar og verksemder ({ $count }): { $list }.
overview-coordination = Samordning{ $more ->
        [0] {""}
       *[other] {" "}(og { $more } til)
    }:
overview-measures = Tiltak{ $more ->
        [0] {""}
       *[other] {" "}(og { $more } til)
    }:
overview-more = { $has ->
        [0] Spør gjerne om ein av etatane.
       *[other] Delen omtalar òg { $sections }. Spør gjerne om dei eller om ein av etatane.
    }
list-sectors-title = Faktaarket har { $count } delar:
list-sectors-source = Kjelde: «{ $title }», { $publisher }

## Across sectors

cross-none = Faktaarket nemner ikkje dette i nokon sektor, så eg kan ikkje svare på det.
cross-title = Desse sektorane nemner dette i faktaarket:
cross-section-title = { $name } i kvar sektor i faktaarket (første punkt vist):
cross-section-without = Faktaarket skildrar ingen { $section } for: { $sectors }.
cross-listed = står i lista «{ $group }»
cross-listed-agency = «{ $agency }» står i lista «{ $group }»
facet-none = Ingen sektor i faktaarket passar.
facet-nothing-listed = ingenting ført opp
facet-total = Til saman { $count } oppføringar.
facet-no_public_portfolio = Sektorar utan offentleg tilgjengeleg portefølje eller tiltaksoversikt (ifølgje faktaarket):
facet-no_strategy = Sektorar utan eigne digitaliseringsstrategiar i faktaarket:
facet-shared_agencies = Etatar og verksemder som står under meir enn eitt departement i faktaarket:
facet-agency_count = Talet på etatar og verksemder per sektor i faktaarket (flest først):
facet-no_measures = Sektorar der faktaarket ikkje har ein eigen del om tiltak:
facet-no_coordination_body = Sektorar som ifølgje faktaarket ikkje har eit eige styrings- eller samordningsorgan for digitalisering:
facet-ordinary_budgets = Sektorar der digitalisering ifølgje faktaarket blir finansiert gjennom dei ordinære budsjetta:
facet-has_strategy = Sektorar der faktaarket oppgir strategiar (første oppføring vist):
facet-has_portfolio = Sektorar der faktaarket skildrar ein portefølje eller ei oversikt over tiltak utan å seie at ho ikkje er offentleg:

## Search

search-intro = Dette fann eg i faktaarket:

## Examples (help, "unknown")

example-owner = Kven eig NVE?
example-funding = Korleis blir digitalisering finansiert i helsesektoren?
example-strategies = Kva strategiar har KD?
example-agencies = Kva etatar ligg under JD?
example-cross = Kva sektorar har fått medfinansiering?

## Unknown, help and commands

unknown = Det veit eg ikkje – faktaarket om samordning av digitalisering seier ingenting om det. Dette kan eg svare på:
no-question = Eg fann ikkje noko spørsmål i meldinga. Spør til dømes:
unknown-command = Eg kjenner ikkje kommandoen /{ $name }.
help-title = faktabot – hjelp
help-intro = Eg svarar på spørsmål om korleis staten samordnar digitalisering i kvar sektor, ut frå faktaarket til Digitaliseringsdirektoratet. Eg kan fortelje kva departement ein etat høyrer til, og om samordning, strategiar, porteføljar, finansiering, tiltak, ansvarsområde og etatar i kvar av dei { $parts } delane. Spør på bokmål, nynorsk eller engelsk, til dømes:
help-commands = Kommandoar:
command-start = kom i gang
command-help = kva eg kan svare på
command-hjelp = kva eg kan svare på
command-etat = kva departement ein etat høyrer til, og kva faktaarket seier om han
command-departement = etatane under eit departement
command-finansiering = korleis digitalisering blir finansiert i ein sektor
command-strategier = strategiane i ein sektor
command-samordning = korleis digitalisering blir samordna i ein sektor
command-portefolje = porteføljar og tiltaksoversikter i ein sektor
command-tiltak = tiltaka faktaarket skildrar i ein sektor
command-ansvar = kva eit departement har ansvar for
command-oversikt = ei oversikt over ein sektor
command-sok = søk i heile faktaarket
command-sektorer = alle sektorane i faktaarket

## Introductions ("Eg er ny i Tolletaten")

welcome = Velkomen til { $name }!
welcome-remember = Eg hugsar kvar du jobbar, så du kan spørje om «oss», «departementet vårt» eller «søsteretatane våre».

## Small talk

smalltalk-thanks = Berre hyggeleg! Spør gjerne om meir.
smalltalk-bye = Ha det bra!
smalltalk-greeting = Hei! Eg svarar på spørsmål om samordning av digitalisering i kvar sektor. Skriv «hjelp» for å sjå kva eg kan.
smalltalk-ok = Greitt! Spør gjerne om meir.

## The chat adapters' notices

button-expired = Denne knappen er for gammal til at eg hugsar spørsmålet. Spør gjerne på nytt.
slow-down = Du sender mange spørsmål på kort tid. Vent litt, så svarar eg igjen.
try-again = Orsak, eg klarte ikkje å svare på det akkurat no. Prøv igjen.
leave-room = Ha det! Inviter meg igjen når de vil.
encrypted-room = Eg kan ikkje lese krypterte meldingar, så eg kan ikkje svare i dette rommet. Inviter meg til eit rom utan ende-til-ende-kryptering.
removed-agency = «{ $name }» står ikkje i denne utgåva av faktaarket. Ei tidlegare utgåve førte henne opp i delen «{ $part }».
intent-changes = kva som er nytt i faktaarket
changes-none = Eg har berre denne eine utgåva av faktaarket, så eg kan ikkje seie kva som er endra.
changes-nothing = Denne utgåva av faktaarket er lik den førre.
changes-title = Nytt i faktaarket: { $edition } mot { $before }
changes-this-edition = denne utgåva
changes-previous-edition = førre utgåve
changes-part-added = Ny del: «{ $part }»
changes-part-removed = Delen «{ $part }» er borte
changes-part-renamed = «{ $before }» heiter no «{ $part }» (departement: { $ministry })
changes-agency-added = «{ $agency }» er ny i «{ $part }»
changes-agency-removed = «{ $agency }» står ikkje lenger i «{ $part }»
changes-agency-moved = «{ $agency }» er flytta frå «{ $before }» til «{ $part }»
changes-section = { $section } i «{ $part }» er skriven om
