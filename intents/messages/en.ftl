# faktabot's own sentences in English. The sheet's text is Norwegian and is
# quoted as it is; these are the words around it. Every message here must
# exist in nb.ftl and nn.ftl too (`faktabot check` fails otherwise).

## Words

list-and = { $init } and { $last }

## Section names

section-intro = Introduction
section-coordination = Coordination
section-strategies = Strategies
section-portfolio = Portfolio
section-funding = Funding
section-measures = Measures
section-responsibility = Responsibilities
section-agencies = Agencies

## Sources and length

source-line = Source: Fact sheet, { $label }
source-line-edition = Source: Fact sheet (edition { $edition }), { $label }
shortened = … (shortened: ask about one part at a time for the rest)

## Which ministry owns an agency

owner-yes = Yes.
owner-no = No.
agency-owner = { $count ->
        [one] { $agency } belongs to { $owners }
       *[other] { $agency } is listed under { $count ->
            [2] two
            [3] three
            [4] four
           *[other] { $count }
        } ministries: { $owners }
    }{ $deny ->
        [yes] , not under { $denied }.
       *[no] .
    }
agency-entry = «{ $name }» under «{ $group }» in the part «{ $part }»
agency-listed-as-many = The fact sheet lists it as:
agency-listed-as = The fact sheet lists it as { $entry }.
agency-only-listed = The fact sheet names { $agency } only in the agency list; it says nothing more about it.
agency-mentions = What the fact sheet says about { $agency }:
also-mentioned = Also mentioned in: { $places }.

## A name the sheet does not have

not-found = I find no agency, ministry or sector called «{ $words }» in the fact sheet, so I cannot answer that. The fact sheet has { $parts } parts and lists { $agencies } different agencies and companies.
not-found-near = Did you perhaps mean:

## Follow-up suggestions ($abbr: the ministry's abbreviation)

suggest-funding = How is digitalisation funded at { $abbr }?
suggest-strategies = Which strategies does { $abbr } have?
suggest-agencies = Which agencies are under { $abbr }?
suggest-coordination = How is digitalisation coordinated at { $abbr }?

## Buttons under an answer (Telegram)

button-funding = Funding
button-strategies = Strategies
button-agencies = Agencies
button-coordination = Coordination

## Section answers

section-empty-heading = The fact sheet has the heading «{ $heading }» in the part «{ $part }» ({ $abbr }), but lists nothing under it.
section-missing = The fact sheet says nothing about { $section } for «{ $part }» ({ $abbr }).
topic-missing = The fact sheet does not mention «{ $topic }» in the part «{ $part }» ({ $abbr }).
section-has-instead = For this part it does describe { $sections }.
section-topic-elsewhere = It does mention what you ask about elsewhere in this part:
# $place: the item's place in the list the last answer gave; $count: its length.
listed-item = Item { $place } of { $count } in the list:
list-count = The list has { $count ->
        [one] one item
       *[other] { $count } items
    }:
listed-items-naming = { $found ->
        [one] One
       *[other] { $found }
    } of the { $count } items in the list { $found ->
        [one] names it:
       *[other] name it:
    }
first-three-sectors = (Showing the first three sectors; ask about the others one by one.)
agency-list = The fact sheet lists { $count ->
        [one] one agency or company
       *[other] { $count } agencies and companies
    } under { $ministry }{ $dupes ->
        [0] {""}
        [one] {" "}({ $distinct } different; one is listed more than once)
       *[other] {" "}({ $distinct } different; { $dupes } are listed more than once)
    }{ $end ->
        [count] .
       *[list] :
    }

## Asking back

which-agency = Which agency do you mean? For example «/etat Lånekassen» or «Which ministry is NVE under?».
which-sector = Which sector do you mean? The fact sheet describes «{ $section }» for each of these:
which-sector-hint = For example: «… in the education sector» or «… at KD».
ambiguous = That name could mean several things. Did you mean:
did-you-mean = I'm not sure what you are asking. Did you mean «{ $first }» or «{ $second }»?
did-you-mean-about = I'm not sure what you are asking. Did you mean «{ $first }» or «{ $second }» ({ $about })?

## What an intent asks for (in "did you mean")

intent-agency_owner = which ministry it belongs to
intent-agency_info = what the fact sheet says about it
intent-sector_agencies = the agencies
intent-funding = the funding
intent-strategies = the strategies
intent-coordination = the coordination
intent-portfolio = the portfolio
intent-measures = the measures
intent-responsibility = the responsibilities
intent-sector_overview = an overview of the sector
intent-list_sectors = which sectors the fact sheet covers
intent-cross_sector = a comparison across sectors
intent-help = help
intent-smalltalk = something else
intent-search = something else
intent-unknown = something else

## Sector overview and the list of parts

overview-ministry = Ministry: { $ministry }
overview-strategies = Strategies: { $list }{ $more ->
        [0] {""}
       *[other] {" "}(and { $more } more)
    }.
overview-agencies = Agencies and companies ({ $count }): { $list }.
overview-coordination = Coordination{ $more ->
        [0] {""}
       *[other] {" "}(and { $more } more)
    }:
overview-measures = Measures{ $more ->
        [0] {""}
       *[other] {" "}(and { $more } more)
    }:
overview-more = { $has ->
        [0] Ask about any of its agencies.
       *[other] The part also covers { $sections }. Ask about them or about any of its agencies.
    }
list-sectors-title = The fact sheet has { $count } parts:
list-sectors-source = Source: «{ $title }», { $publisher }

## Across sectors

cross-none = The fact sheet does not mention this in any sector, so I cannot answer it.
cross-title = These sectors mention this in the fact sheet:
cross-section-title = The { $section } of each sector in the fact sheet (first entry shown):
cross-section-without = The fact sheet describes no { $section } for: { $sectors }.
cross-listed = listed under «{ $group }»
cross-listed-agency = «{ $agency }» is listed under «{ $group }»
facet-none = No sector in the fact sheet matches.
facet-nothing-listed = nothing listed
facet-total = In all { $count } entries.
facet-no_public_portfolio = Sectors without a publicly available portfolio or overview of measures (according to the fact sheet):
facet-no_strategy = Sectors without strategies of their own for digitalisation in the fact sheet:
facet-shared_agencies = Agencies listed under more than one ministry in the fact sheet:
facet-agency_count = Number of agencies per sector in the fact sheet (most first):
facet-no_measures = Sectors for which the fact sheet has no part on measures:
facet-no_coordination_body = Sectors that according to the fact sheet have no coordination body of their own for digitalisation:
facet-ordinary_budgets = Sectors where, according to the fact sheet, digitalisation is funded through the ordinary budgets:
facet-has_strategy = Sectors for which the fact sheet lists strategies (first entry shown):
facet-has_portfolio = Sectors for which the fact sheet describes a portfolio or overview of measures without saying it is not public:

## Search

search-intro = This is what the fact sheet says:

## Examples (help, "unknown")

example-owner = Which ministry is NVE under?
example-funding = How is digitalisation funded in the health sector?
example-strategies = Which strategies does KD have?
example-agencies = Which agencies are under JD?
example-cross = Which sectors have received co-funding?

## Unknown, help and commands

unknown = I don't know that; the fact sheet on coordination of digitalisation says nothing about it. Here is what I can answer:
no-question = I found no question in the message. Ask for example:
unknown-command = I don't know the command /{ $name }.
help-title = faktabot – help
help-intro = I answer questions about how the Norwegian government coordinates digitalisation in each sector, from Digitaliseringsdirektoratet's fact sheet. I can tell which ministry an agency belongs to, and about coordination, strategies, portfolios, funding, measures, responsibilities and agencies in each of the { $parts } parts. Ask in Norwegian or English, for example:
help-commands = Commands:
command-start = get started
command-help = what I can answer
command-hjelp = what I can answer
command-etat = which ministry an agency belongs to, and what the fact sheet says about it
command-departement = the agencies under a ministry
command-finansiering = how digitalisation is funded in a sector
command-strategier = the strategies of a sector
command-samordning = how digitalisation is coordinated in a sector
command-portefolje = portfolios and overviews of measures in a sector
command-tiltak = the measures the fact sheet describes for a sector
command-ansvar = what a ministry is responsible for
command-oversikt = an overview of a sector
command-sok = search the whole fact sheet
command-sektorer = all sectors of the fact sheet

## Introductions ("I'm new at Tolletaten")

welcome = Welcome to { $name }!
welcome-remember = I'll remember where you work, so you can ask about «us», «our ministry» or «our sister agencies».

## Small talk

smalltalk-thanks = You're welcome! Ask me anything else about the fact sheet.
smalltalk-bye = Goodbye!
smalltalk-greeting = Hi! I answer questions about how digitalisation is coordinated in each Norwegian government sector. Type «help» to see what I can do.
smalltalk-ok = All right! Ask me anything else about the fact sheet.

## The chat adapters' notices

button-expired = This button is too old for me to remember its question. Please ask again.
slow-down = You are sending many questions in a short time. Please wait a moment.
try-again = Sorry, I could not answer that just now. Please try again.
leave-room = Goodbye! Invite me again whenever you like.
encrypted-room = I cannot read encrypted messages, so I cannot answer in this room. Invite me to a room without end-to-end encryption.
removed-agency = «{ $name }» is not in this edition of the fact sheet. An earlier edition listed it in the part «{ $part }».
intent-changes = what is new in the fact sheet
changes-none = I have only this one edition of the fact sheet, so I cannot say what changed.
changes-nothing = This edition of the fact sheet is the same as the previous one.
changes-title = New in the fact sheet: { $edition } against { $before }
changes-this-edition = this edition
changes-previous-edition = the previous edition
changes-part-added = New part: «{ $part }»
changes-part-removed = The part «{ $part }» is gone
changes-part-renamed = «{ $before }» is now «{ $part }» (ministry: { $ministry })
changes-agency-added = «{ $agency }» is new in «{ $part }»
changes-agency-removed = «{ $agency }» is no longer listed in «{ $part }»
changes-agency-moved = «{ $agency }» moved from «{ $before }» to «{ $part }»
changes-section = { $section } in «{ $part }» was rewritten
