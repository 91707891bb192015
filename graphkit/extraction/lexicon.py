"""Word lists the rules share: titles, roles, kinship, speech verbs, place and organisation nouns.

Small, general English lists (nothing here is keyed to a particular article). The
event lexicon lives in ``data/gazetteers/event_lexicon.tsv`` because users extend it.
"""

from __future__ import annotations

# Titles written before a name ("retired Gen. Abdul Jalil Bakhtawar", "President Joe Biden").
# Value: the role noun the title stands for (used for coreference: "the general").
PERSON_TITLES: dict[str, str] = {
    "gen.": "general", "gen": "general", "general": "general", "lt.": "lieutenant", "lieutenant": "lieutenant",
    "col.": "colonel", "colonel": "colonel", "maj.": "major", "major": "major", "capt.": "captain",
    "captain": "captain", "sgt.": "sergeant", "sergeant": "sergeant", "adm.": "admiral", "admiral": "admiral",
    "cmdr.": "commander", "commander": "commander", "marshal": "marshal", "brig.": "brigadier",
    "brigadier": "brigadier",
    "president": "president", "vice-president": "vice president", "pres.": "president",
    "prime": "prime minister", "minister": "minister", "chancellor": "chancellor", "king": "king",
    "queen": "queen", "prince": "prince", "princess": "princess", "sheikh": "sheikh", "emir": "emir",
    "ayatollah": "ayatollah", "mullah": "mullah", "maulvi": "mullah", "imam": "imam", "pope": "pope",
    "sen.": "senator", "senator": "senator", "rep.": "representative", "gov.": "governor",
    "governor": "governor", "mayor": "mayor", "secretary": "secretary", "ambassador": "ambassador",
    "judge": "judge", "justice": "justice", "dr.": "doctor", "dr": "doctor", "prof.": "professor",
    "professor": "professor", "mr.": "", "mr": "", "mrs.": "", "mrs": "", "ms.": "", "ms": "", "sir": "",
    "lord": "", "lady": "", "dame": "", "rev.": "reverend", "father": "priest", "chief": "chief",
    "spokesman": "spokesman", "spokeswoman": "spokeswoman", "ceo": "chief executive",
    "chairman": "chairman", "warlord": "warlord", "envoy": "envoy", "commissioner": "commissioner",
    "mp": "member of parliament", "mep": "member of the European Parliament",
}  # fmt: skip

# Words that may stand before a title without being part of the name.
TITLE_MODIFIERS = frozenset({"retired", "former", "late", "then", "acting", "deputy", "vice", "interim", "outgoing",
                             "incoming", "ex", "ex-", "new", "current"})  # fmt: skip

# Nouns for what a person is or does: appositions, titles, "the analyst".
ROLE_NOUNS = frozenset({
    "general", "lieutenant", "colonel", "major", "captain", "sergeant", "commander", "admiral", "officer",
    "soldier", "president", "minister", "governor", "mayor", "senator", "lawmaker", "legislator", "mp",
    "parliamentarian", "politician", "diplomat", "ambassador", "envoy", "mediator", "negotiator",
    "spokesman", "spokeswoman", "spokesperson", "official", "adviser", "advisor", "secretary", "chief",
    "head", "leader", "director", "chairman", "chairwoman", "chair", "ceo", "founder", "co-founder",
    "executive", "manager", "analyst", "expert", "fellow", "researcher", "scholar", "professor", "lecturer",
    "teacher", "journalist", "reporter", "correspondent", "editor", "writer", "author", "columnist",
    "judge", "prosecutor", "lawyer", "attorney", "doctor", "activist", "cleric", "mullah", "imam",
    "commentator", "economist", "strategist", "consultant", "representative", "deputy", "member",
    "militant", "fighter", "insurgent", "rebel", "commandant", "warlord", "king", "queen", "prince",
    "chancellor", "premier", "candidate", "nominee", "citizen", "resident", "villager", "witness",
    "victim", "survivor", "suspect", "employee", "worker", "student", "engineer", "pilot", "police",
    "policeman", "policewoman", "detective", "investigator", "inspector", "commissioner", "coordinator",
    "president-elect", "vice-president", "secretary-general", "chief executive", "partner", "owner",
    "investor", "banker", "trader", "entrepreneur", "designer", "aide", "staffer", "agent",
})  # fmt: skip

# Relation families for role nouns (the predicate written into the graph).
LEADER_ROLES = frozenset({"ceo", "chief", "head", "leader", "director", "chairman", "chairwoman", "chair",
                          "president", "founder", "co-founder", "governor", "commander", "mayor", "premier",
                          "chief executive", "secretary-general", "owner", "king", "queen", "emir"})  # fmt: skip
SPOKESPERSON_ROLES = frozenset({"spokesman", "spokeswoman", "spokesperson"})
MEMBER_ROLES = frozenset({"member", "lawmaker", "legislator", "mp", "parliamentarian", "senator", "fighter",
                          "militant", "soldier", "officer", "representative", "delegate"})  # fmt: skip

KINSHIP = {  # noun -> (predicate from the person named to the possessor, inverse)
    "son": ("childOf", "parentOf"), "daughter": ("childOf", "parentOf"), "child": ("childOf", "parentOf"),
    "father": ("parentOf", "childOf"), "mother": ("parentOf", "childOf"), "parent": ("parentOf", "childOf"),
    "brother": ("siblingOf", "siblingOf"), "sister": ("siblingOf", "siblingOf"),
    "wife": ("spouseOf", "spouseOf"), "husband": ("spouseOf", "spouseOf"), "spouse": ("spouseOf", "spouseOf"),
    "uncle": ("relativeOf", "relativeOf"), "aunt": ("relativeOf", "relativeOf"),
    "nephew": ("relativeOf", "relativeOf"), "niece": ("relativeOf", "relativeOf"),
    "cousin": ("relativeOf", "relativeOf"), "grandson": ("relativeOf", "relativeOf"),
    "granddaughter": ("relativeOf", "relativeOf"), "grandfather": ("relativeOf", "relativeOf"),
    "grandmother": ("relativeOf", "relativeOf"), "widow": ("spouseOf", "spouseOf"),
}  # fmt: skip

# Reporting verbs (lemmas): who said what.
SPEECH_VERBS = frozenset({
    "say", "tell", "add", "note", "explain", "state", "claim", "insist", "argue", "assert", "believe",
    "think", "warn", "announce", "confirm", "deny", "dispute", "reject", "report", "write", "tweet",
    "declare", "acknowledge", "admit", "allege", "accuse", "suggest", "stress", "emphasise", "emphasize",
    "maintain", "contend", "predict", "estimate", "reply", "respond", "ask", "urge", "call", "describe",
    "criticise", "criticize", "fear", "doubt", "hope", "expect", "recall", "observe", "point", "concede",
    "reveal", "disclose", "indicate", "remark", "comment", "agree", "relay", "quote", "refute", "dismiss",
})  # fmt: skip
DENIAL_VERBS = frozenset({"deny", "dispute", "reject", "refute", "dismiss", "contradict", "rebut"})
DOUBT_VERBS = frozenset({"doubt", "question", "allege", "claim", "rumour", "rumor", "speculate", "suspect"})
BELIEF_VERBS = frozenset({"think", "believe", "fear", "hope", "expect", "suggest", "predict", "estimate"})

# Nouns that name a kind of place ("Farah province", "places like Dawlat Abad").
PLACE_NOUNS = {
    "province": "province", "district": "district", "city": "city", "town": "town", "village": "village",
    "county": "county", "region": "region", "state": "state", "valley": "valley", "capital": "city",
    "base": "facility", "airport": "facility", "airbase": "facility", "camp": "facility", "border": "border",
    "prison": "facility", "port": "facility", "area": "area", "place": "area", "neighbourhood": "area",
    "neighborhood": "area", "country": "country", "territory": "region", "municipality": "city",
}  # fmt: skip

# Capitalised words that end the name of a natural or open place ("Custer National Forest", "Golan
# Heights") or begin it ("Lake Constance", "Mount Sefton"): the name is a place, whatever NER read.
GEO_LAST_WORDS = frozenset({
    "forest", "river", "mountains", "mountain", "hills", "island", "islands", "bay", "gulf", "sea", "ocean",
    "desert", "canyon", "glacier", "peninsula", "plateau", "range", "strait", "straits", "coast", "beach",
    "falls", "reef", "volcano", "creek", "basin", "heights", "square", "lake",
})  # fmt: skip
GEO_FIRST_WORDS = frozenset({"lake", "mount", "mt", "mt.", "cape", "isle", "loch"})

# Nouns that name a kind of organisation (appositions: "a Kabul-based think-tank").
ORG_NOUNS = frozenset({
    "tank", "think-tank", "institute", "party", "group", "organisation", "organization", "company", "firm",
    "agency", "ministry", "department", "university", "council", "network", "movement", "militia",
    "government", "administration", "army", "force", "forces", "alliance", "coalition", "committee",
    "commission", "union", "bank", "corporation", "newspaper", "broadcaster", "channel", "outlet",
    "charity", "foundation", "court", "parliament", "assembly", "office", "bureau", "service",
    "manufacturer", "maker", "producer", "carrier", "airline", "subsidiary", "rival", "competitor",
    "airframer", "automaker", "carmaker", "retailer", "magazine", "publisher", "label", "studio", "insurer",
    "conglomerate", "startup", "chain", "daily", "tabloid", "website", "consortium",
    "supplier", "contractor", "lender", "regulator", "watchdog", "club", "team",
})  # fmt: skip

# A company's legal form as the last word of its name ("Apple Inc.", "Siemens AG"): "X Corp. of Pittsburgh"
# names the company's seat with "of". All but "incorporated" are also in ORG_SUFFIXES.
LEGAL_FORMS = frozenset({
    "co", "co.", "corp", "corp.", "corporation", "inc", "inc.", "incorporated", "ltd", "ltd.", "plc", "llc",
    "ag", "gmbh", "s.a.", "n.v.",
})  # fmt: skip

# Last words that make a name an organisation's ("Apple Inc.", "Singapore Airlines", "Apple Corps").
ORG_SUFFIXES = frozenset({
    "inc", "inc.", "corp", "corp.", "co", "co.", "ltd", "ltd.", "llc", "plc", "ag", "sa", "s.a.", "nv", "n.v.",
    "gmbh", "airlines", "airways", "aircraft", "corporation", "company", "group", "holdings", "bank", "motors",
    "industries", "systems", "technologies", "communications", "entertainment", "records", "studios",
    "pictures", "media", "agency", "institute", "university", "college", "council", "committee", "commission",
    "ministry", "department", "party", "army", "navy", "police", "court", "parliament", "assembly", "senate",
    "association", "federation", "league", "foundation", "fund", "organisation", "organization",
    "network", "times", "post", "journal", "herald", "tribune", "corps", "brigade", "battalion", "front",
    "regiment", "squadron", "division", "command", "platoon",
    "movement", "office", "bureau", "authority", "service", "services",
})  # fmt: skip

# Nouns a company name modifies or possesses: "the Ryanair CEO", "Boeing's shareholders".
CORPORATE_NOUNS = frozenset({
    "ceo", "chairman", "chairwoman", "shareholder", "share", "stock", "headquarters", "employee", "subsidiary",
    "fleet", "factory", "plant", "revenue", "profit", "sales", "board", "executive", "spokesman",
    "spokeswoman", "spokesperson", "customer", "stake", "brand", "logo", "division", "unit", "order",
})  # fmt: skip

# Model words after a product name ("iPod nano", "MacBook Pro"): the name is a product, not its maker.
PRODUCT_SUFFIXES = frozenset(
    {"nano", "mini", "pro", "classic", "touch", "plus", "max", "ultra", "lite", "shuffle"}
)

# Nouns for one person that news uses before (or instead of) a name: "the man", "the bomber".
PERSON_NOUNS = frozenset({
    "man", "woman", "boy", "girl", "child", "teenager", "youth", "person", "individual", "bomber",
    "attacker", "assailant", "shooter", "gunman", "kidnapper", "hostage", "driver", "passenger", "neighbour",
    "neighbor", "friend", "perpetrator", "terrorist", "suspect", "victim", "owner", "official", "source",
})  # fmt: skip

# Nouns that name a kind of place, for "the city", "the country" (value: the gazetteer subtypes it fits).
PLACE_DESCRIPTIONS = {
    "city": ("city",), "town": ("city",), "village": ("city",), "capital": ("city",),
    "country": ("country",), "nation": ("country",),
    "province": ("province", "state", "region", "governorate", "district", "oblast", "territory", "county"),
    "state": ("state", "province", "region"), "region": ("region", "province", "state", "governorate"),
    "district": ("district", "county"), "county": ("county", "district"),
}  # fmt: skip

# Nouns that say a name is a product or a work ("web browser Safari", "Tiger, the newest version").
PRODUCT_NOUNS = frozenset({
    "version", "model", "release", "edition", "software", "program", "programme", "app", "application",
    "browser", "client", "kernel", "device", "gadget", "product", "phone", "smartphone", "handset",
    "computer", "laptop", "notebook", "tablet", "player", "console", "processor", "chip", "aircraft",
    "airliner", "jet", "jetliner", "plane", "helicopter", "drone", "missile", "rifle", "vehicle", "car",
    "truck", "engine", "platform", "film", "movie", "album", "song", "novel", "book", "series", "game",
})  # fmt: skip

# Last words of an event's name ("Paris Air Show", "Worldwide Developers Conference", "World Cup").
EVENT_SUFFIXES = frozenset({
    "conference", "summit", "show", "expo", "exhibition", "festival", "fair", "games", "olympics",
    "championship", "championships", "cup", "marathon", "awards", "tournament", "convention",
})  # fmt: skip

# Units and currency codes written like names ("60 GB", "USD 9.99").
UNIT_NAMES = frozenset({
    "GB", "MB", "KB", "TB", "GHz", "MHz", "kHz", "Mbps", "Gbps", "USD", "EUR", "GBP", "JPY", "CNY", "RMB",
    "CHF", "AUD", "INR", "RUB", "HKD", "SGD", "mph", "km", "kg",
})  # fmt: skip

# Words that look like names at the start of a sentence but are not.
NOT_NAMES = frozenset({
    "monday", "tuesday", "wednesday", "thursday", "friday", "saturday", "sunday", "january", "february",
    "march", "april", "may", "june", "july", "august", "september", "october", "november", "december",
    "mr", "mrs", "ms", "source", "sources", "photo", "reporting", "editing", "update",
})  # fmt: skip
