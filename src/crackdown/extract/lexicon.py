"""The words the extractor reads: verbs that name a metric, counted nouns, qualifiers, places.

Everything here is data (patterns and tables), so that adding a phrasing met in a new article
is a one-line change. Patterns are matched on lower-cased text.
"""

from __future__ import annotations

import re


def words(text: str) -> frozenset[str]:
    """The whitespace-separated words of `text`, as a set."""
    return frozenset(text.split())


#: Words that name what happened to those counted, by metric. A pattern may match a verb
#: ("deported"), a participle ("3,455 Arrested"), or a noun ("the arrest of", "deportations").
METRIC_TRIGGERS: dict[str, str] = {
    "arrested": (
        r"under (?:emergency |formal )?arrest|arrest(?:s|ed|ing)?(?!\s+warrants?)|apprehend(?:s|ed|ing)?|net(?:s|ted|ting)?"
        r"|round(?:s|ed|ing)? up|nab(?:s|bed|bing)?|captur(?:e|es|ed|ing)|caught(?! up\b)|catch(?:es|ing)?"
        r"|pick(?:s|ed|ing)? up|into custody|seiz(?:e|es|ed|ing)(?! of)"
        r"|haul(?:s|ed|ing)? in|sw(?:ept|eeps?|eeping) up"
    ),
    "detained": (
        r"detain(?:s|ed|ing)?|detentions|detention (?:of|for)|held|(?:(?<=police )|(?<=authorities )|(?<=officers )|(?<=officials )|(?<=immigration )|(?<=troops )|(?<=soldiers ))hold(?=\s)|hold(?:s|ing)(?!\s+(?:\w+\s+)?(?:passports?|visas?|documents?|papers|talks|meetings?|press|nationalities|citizenships?|jobs?|posts?|a|an|its|their|his|her)\b)|kept (?:at|in|under)|in custody|in (?:immigration |police |pre-?trial )?detention"
        r"|in (?:[\w-]+ )?(?:detention|immigration) (?:facilit(?:y|ies)|cent(?:re|er)s?|cells?)"
        r"|remain(?:s|ed|ing)? in (?:[\w-]+ ){0,2}(?:detention|custody|holding|immigration)|behind bars"
        # "the number awaiting return", "held pending deportation": still held
        r"|awaiting (?:their )?(?:return|repatriation|deportation)"
        # "transferred to the General Department of Immigration to await deportation"
        r"|transferred to (?:the |a )?(?:[\w'-]+ ){0,4}(?:immigration|detention)\b"
    ),
    "deported": (
        r"deport(?:s|ed|ing|ations?)?|expel(?:s|led|ling)?|expulsions?"
        r"|sen(?:d|ds|t|ding) (?:home|back)"
        # "244 had already been sent out of the country", "removed from Cambodia"
        r"|sen(?:d|ds|t|ding) out of (?:the )?(?:country|cambodia|kingdom)"
        r"|remov(?:e|es|ed|ing) from (?:the )?(?:country|cambodia|kingdom)"
        # "was flown out of Phnom Penh": out of Cambodia, not home
        r"|(?:flown|flew) out\b"
        # "86 had already been put on flights home", "47 CHINESE PUT ON FLIGHT"
        r"|put on (?:a |an |the )?(?:chartered |charter |commercial |special )?(?:flights?|planes?)"
    ),
    "repatriated": (
        r"repatriat(?:e|es|ed|ing|ions?)"
        # "organised the reception of 85 citizens", as translated reports write it
        r"|reception of"
        r"|hand(?:s|ed|ing)? over(?! to (?:the |a )?(?:[\w'-]+ ){0,4}(?:prosecutors?|court))"
        r"|handed(?!\s+down|\s+over to (?:the |a )?(?:[\w'-]+ ){0,4}(?:prosecutors?|court))"
        r"|(?:bring|brings|brought|bringing|flown|flew|fly|flies|escorted"
        r"|welcom(?:e|es|ed|ing)|tak(?:e|es|en|ing)|took) (?:home|back)"
        r"|return(?:s|ed|ing)?|reach(?:es|ed)? home|land(?:s|ed|ing)?"
        # "facilitated the return to the homeland of 86 citizens"
        r"|return (?:home |to (?:the |their )?(?:homeland|home country|country) )?of"
        # "received 213 citizens", not "received prison sentences"
        r"|receiv(?:e|es|ed|ing)(?!\s+(?:\w+\s+)?(?:prison|jail|sentences?|terms?|verdicts?))"
        r"|home from|flown|transferred(?!(?: today| later| then)? to (?:the |a )?(?:[\w'-]+ ){0,4}(?:prosecutors?|court|immigration|detention|shelters?|safe ?houses?|hospitals?))"
        r"|arriv(?:e|es|ed|ing)|back (?:in|home|on|from)\b|cross(?:es|ed|ing)? back|walk(?:s|ed|ing)? back"
    ),
    "rescued": (
        r"rescu(?:e|es|ed|ing)|free|frees|freed|freeing|liberat(?:e|es|ed|ing)|saved"
        r"|released from|evacuat(?:e|es|ed|ing|ions? of)|pull(?:s|ed|ing)? out|extracted"
        # "welcomed the release of 15 Koreans" (from a compound; not "released on bail")
        r"|release of"
    ),
    "charged": (
        # "charged over the compound" is charged; "charge over" and "charging over" are not
        r"(?<!without )(?<!without being )charg(?:e|ing)(?! (?:of|for|over|including|related|linked|such|sheets?))"
        # "released without charge" is no charge
        r"|(?<!without )charged(?! (?:of|for|including|related|linked|such|sheets?))"
        r"|indict(?:s|ed|ing)?"
        r"|indictments?|charges against|accused"
        # "Seoul charges 55 returnees": the verb, before the people it charges
        r"|charges(?=\s+(?:about |some |over |more than |another )?(?:\d|$))"
        r"|arraign(?:s|ed|ing|ments?)?"
        r"|(?:sent|brought|referred|forwarded|handed over|transferred) to (?:the |a )?"
        r"(?:[\w'-]+ ){0,4}courts?"
        r"|(?:filed|brought|laid|pressed) against"
    ),
    "prosecuted": (
        r"prosecut(?:e|es|ed|ing|ions?)|legal proceedings"
        r"|(?:brought|referred|sent|handed|forwarded|transferred)(?: over)? to (?:the )?"
        r"(?:public )?prosecutors?"
    ),
    "tried": (
        r"to trial|stood trial|stand(?:s|ing)? trial|on trial|tried|face trial|faces trial|facing trial|trials? of"
        # "the court opened trial for these 25 defendants", as translated reports write it
        r"|(?:opened|began|started|held) (?:the |a )?(?:hearing|trial)s? (?:for|of|against)"
        # "Court tries 11 over trafficking": the verb, before the people it tries
        r"|tries(?=\s+(?:about |some |another |more than )?(?:\d|$))"
    ),
    "convicted": (
        r"convict(?:s|ed|ing|ions?)?|sentenc(?:es|ed|ing)|found guilty|jail(?:s|ed|ing)"
        r"|imprison(?:s|ed|ing)?"
        r"|(?:prison |jail )?(?:sentences|terms) to|guilty verdicts?"
        # "Court pronounces verdict to 23 defendants"; "decided to sentence total 23 defendants"
        r"|verdicts? (?:to|against)"
        r"|(?:(?<=decided to )|(?<=court ))sentence"
        r"|receiv(?:e|es|ed|ing)\s+(?:\w+\s+)?(?:prison |jail )?(?:sentences?|terms?)"
    ),
    "defrauded": r"defraud(?:s|ed|ing)?|swindl(?:e|es|ed|ing)|scammed|cheated|stole|stolen|stealing|lost",
}

#: Nouns for an action that name it in a label or a list's lead-in, never in a sentence's own
#: clause ("Largest single handover: 412 citizens"; not "three more handovers were discussed").
LABEL_NOUNS = dict.fromkeys(("handover", "handovers"), "repatriated") | dict.fromkeys(
    ("removal", "removals"), "deported"
)
LABEL_NOUN_RE = re.compile(rf"\b(?:{'|'.join(LABEL_NOUNS)})\b")

#: One pattern over every trigger; the group name is the metric.
TRIGGER_RE = re.compile(
    "|".join(rf"(?P<{metric}>\b(?:{pattern})\b)" for metric, pattern in METRIC_TRIGGERS.items())
)

#: Nouns for people that say what was done to them: a running total of returnees counts the
#: repatriated, whatever the sentence before counted.
ROLE_NOUNS = {
    "returnees": "repatriated",
    "returnee": "repatriated",
    "repatriates": "repatriated",
    "deportees": "deported",
    "deportee": "deported",
    "detainees": "detained",
    "detainee": "detained",
    "arrestees": "arrested",
}
ROLE_NOUN_RE = re.compile(rf"\b(?:{'|'.join(ROLE_NOUNS)})\b")

#: Triggers that follow the noun phrase they govern without a passive auxiliary:
#: "brought 412 people to trial", "placed all 25 individuals under arrest".
TRAILING_TRIGGER_RE = re.compile(
    r"\b(?:to trial|on trial|under (?:emergency |formal )?arrest|into custody|in custody|up|to court|home|back|behind bars)\b"
)

#: Triggers that are nouns or fixed phrases: they govern a number to their right
#: ("the arrest of 3,455", "the number of deportations at 4,163") but never name a passive.
NOUN_TRIGGERS = frozenset(
    {
        "arrest",
        "arrests",
        "deportation",
        "deportations",
        "expulsion",
        "expulsions",
        "repatriation",
        "repatriations",
        "prosecution",
        "prosecutions",
        "legal proceedings",
        "indictment",
        "indictments",
        "conviction",
        "convictions",
        "detention of",
        "detention for",
        "return of",
        "release of",
        "return home of",
        "return to the homeland of",
        "return to their homeland of",
        "return to their home country of",
        "return to their country of",
        "charges against",
        "trial of",
        "trials of",
    }
)


#: Auxiliaries that make the participle after them a passive ("were arrested").
PASSIVE_AUX_RE = re.compile(
    r"\b(?:was|were|been|be|being|is|are|got|get|gets|remain|remains|remained|still|ordered)\s+"
    r"(?:\w+ly\s+|also\s+|already\s+|then\s+|later\s+|not\s+|still\s+|ordered\s+){0,2}"
    # a time or place told between the auxiliary and the participle: "were on Thursday
    # escorted back", "were last week deported", "were, in a joint operation, rescued"
    r"(?:,?\s*(?:on|in|at|from|via|through|during|last|this|earlier|later|early|late|yesterday|today)\b"
    r"(?:\s+[\w'\u2019-]+){0,3},?\s+)?"
    # "were described as \"rescued\"", "were listed as detained": how a count names them
    r"(?:(?:described|listed|classified|counted|recorded|registered)\s+as\s+[\"'\u201c\u2018]?)?$"
)
#: Words that make what follows a plan, not a figure ("will be flown home").
FUTURE_RE = re.compile(
    r"\b(?:will|would|shall|to be|set to|expected to|due to|plans? to|(?:hopes?|aims?|wants?"
    r"|intends?|promised|promises|agreed|agrees|seeks?|seeking|tries|trying|try|vowed|vows"
    r"|pledged|pledges|prepares|preparing|ready|plans|planning|scheduled|asked|urged"
    # "sought warrants to formally arrest 58": a request, not an arrest
    r"|warrants?|permission|approval) to)"
    r"\s+(?:\w+\s+){0,2}$"
    # "will in the following period be escorted back": a time told inside the verb group
    r"|\b(?:will|would|shall)\s+(?:in|over|during|within)\s+(?:\w+\s+){1,4}be\s+$"
)

#: Nouns that count people; the head of a noun phrase after a number.
PEOPLE_NOUNS = words(
    """
people persons person individuals individual suspects suspect foreigners foreigner nationals
national citizens citizen workers worker victims victim women woman men man children child
minors minor girls girl boys boy teenagers teenager defendants defendant managers manager
employees employee ringleaders ringleader accomplices accomplice members member migrants
migrant labourers labourer laborers laborer residents survivors survivor detainees detainee
prisoners prisoner fugitives fugitive staff operators operator scammers scammer bosses boss
youths adults adult compatriots others males male females female returnees returnee arrivals
passengers passenger agents agent brokers broker recruiters recruiter traffickers trafficker
supervisors supervisor organisers organizers organiser organizer financiers chiefs chief
leaders leader masterminds mastermind kingpins kingpin
"""
)

#: Nouns that count cases (unit cases).
CASE_NOUNS = frozenset(
    {
        "cases",
        "case",
        "reports",
        "complaints",
        "complaint",
        "investigations",
        "investigation",
        "probes",
        "lawsuits",
        "requests",
    }
)

#: Nouns that count places, things or time: a number counting them is not a figure.
NOT_COUNTED_NOUNS = words(
    """
locations location sites site provinces province countries country compounds compound buildings
building cities city districts district towns town villages village prefectures prefecture raids
raid flights flight planes plane aircraft jets jet handovers handover batches storeys storey stories floors floor centres centre centers center hubs hub
casinos casino hotels hotel premises addresses properties operations operation computers
computer phones phone passports passport devices device cars car vehicles vehicle weapons
weapon guns gun laptops laptop sim accounts account companies company firms firm organizations
organisations groups group networks network gangs gang years year months month weeks week days
day hours hour minutes decades percent per cent times storey-high rings ring syndicates
syndicate officials official officers pages page scripts script
officer investigators investigator troops soldiers personnel police policemen
vans van buses bus bitcoin telephones telephone smartphones smartphone handsets handset tablets tablet
governments government ministries ministry agencies agency embassies embassy consulates consulate
courts court nations nation states sides side departments department committees committee
units unit teams team squads squad banks bank parties party authorities institutions
calls call messages message emails email hotlines hotline outfits outfit schemes scheme
households household nationalities nationality
enterprises enterprise businesses business
"""
)

#: Currencies other than the US dollar: a sum in them is not in the figure model's units.
OTHER_CURRENCY_RE = re.compile(
    r"^\s*(?:(?:lakh|lakhs|crore|crores)\s+)?(?:baht|yen|riel|riels|yuan|renminbi|won|dong|pesos?|euros?|pounds?|rupees?|ringgit"
    r"|rupiah|kyat|taka|dollars? hong kong|hk\$"
    # currency codes: "20 million VND", "18 million yuan RMB"
    r"|vnd|rmb|cny|thb|jpy|krw|php|idr|inr|myr|khr|twd|hkd)\b",
    re.IGNORECASE,
)

#: What follows a number that makes it an age, a duration, a size or a rate.
NOT_A_FIGURE_AFTER_RE = re.compile(
    r"^(?:st|nd|rd|th)\b|^[:.]\d{2}\b|^\s*(?:a\.m\.|p\.m\.|am\b|pm\b|hours\b|GMT\b)"
    r"|^-(?:year|month|week|day|hour|minute|storey|story|floor|strong|member|km|kilometre|metre|mile)"
    r"|^\s*(?:%|percent\b|per cent\b|years?\b|months?\b|weeks?\b|days?\b|hours?\b|minutes?\b"
    r"|decades?\b|a month\b|per month\b|a year\b|per year\b|each\b|apiece\b|storeys?\b|floors?\b"
    r"|kilometres?\b|km\b|times\b|year-olds?\b)"
)
#: What comes before a number that makes it an age or an identifier.
NOT_A_FIGURE_BEFORE_RE = re.compile(
    r"(?:\baged|\bages|\bage of|\baged between|\bbetween the ages of|\bno\."
    r"|\b(?:building|room|flight|phone|house|block|case|plot|road|route|gate|file) number|\bline"
    r"|\barticle|\bsection|\bunder the age of|\bover the age of|\bmost of them over"
    r"|\bmost of them under|\bfrom ages?|\baged from|\bage from|\bages from"
    # "Flight 7", "the hotline 1288", "the youngest was 17", "ages range from 19"
    r"|\b(?i:flight|hotline|helpline|room|tower|gate|terminal|platform|bus|route)"
    r"|\b(?:youngest|oldest)(?:\s+(?:was|is|one|being|of them))?,?"
    r"|\bages?\s+(?:range|ranged|ranging|run|ran)\s+from)\s*$"
)

#: Qualifiers written just before a number, most specific first.
QUALIFIERS: tuple[tuple[str, str], ...] = (
    ("more_than", r"more than|over|above|in excess of|upwards of|exceeding|upward of"),
    ("at_least", r"at least|no fewer than|no less than|a minimum of"),
    ("nearly", r"nearly|almost|close to|just under|just short of|fewer than|less than"),
    ("up_to", r"up to|as many as|at most|a maximum of|no more than"),
    ("about", r"about|approximately|around|some|roughly|an estimated|estimated|nearly about|circa"),
    ("exact", r"only|exactly|a total of|all|just|the|another|a further|an additional"),
)
QUALIFIER_RE = re.compile(
    r"(?:\b(?P<qualifier>"
    + "|".join(rf"(?P<{name}>{pattern})" for name, pattern in QUALIFIERS)
    + r")\s+)$",
    re.IGNORECASE,
)
#: "over" after these verbs belongs to the verb ("handed over 1,021"), not to the number.
PHRASAL_OVER_RE = re.compile(
    r"\b(?:hand|hands|handed|handing|turn|turns|turned|took|take|takes)\s+over\s+$",
    re.IGNORECASE,
)

#: Cues that a number is a part of a figure stated before it.
PART_BEFORE_RE = re.compile(
    r"\b(?:including|includes|included|among them|among whom|of whom|of which|of them)\s+$"
)
PART_SENTENCE_RE = re.compile(
    r"^(?:among (?:them|those|these|the)\b|of (?:these|those|them|the)\b|\w+(?:-\w+)? of (?:the|these|those|them)\b)"
    r"|\bmade up\b|\bfollowed by\b|\bthe rest\b|\bthe remaining\b"
    # "By nationality, those deported were: ...", "The breakdown listed 96 Chinese, ..."
    r"|^by (?:nationality|country|sex|gender)\b|\bbreakdown (?:listed|lists|showed|shows|was|is)\b"
    r"|\bbroken down\b"
    r"|\b(?:were|are|was|is) (?:women|men|children|minors|girls|boys|teenagers|female|male)\b"
)
#: Cues that a number is compared with the figure before it and counts the same kind.
COMPARISON_BEFORE_RE = re.compile(
    r"(?:\bup from|\bdown from|\bcompared with|\bcompared to|\bagainst|\bdouble the|\btriple the"
    r"|\btwice the|\bthree times the|\bthan the|\bfrom)(?:\s+(?:just|only|roughly|slightly))?\s+$"
)
#: A sentence that starts by pointing back at people counted before ("The men ... had been detained").
ANAPHOR_RE = re.compile(
    r"^(?:the|these|those|all)\s+(?:\w+\s+)?(?:individuals|men|women|suspects|group|people|nationals"
    r"|workers|foreigners|citizens|detainees|victims)\b|^they\b|^all\s+of\s+(?:them|these|those)\b"
)

#: Reporting verbs: a date right after them is when the figure was told, not what it covers.
REPORT_BEFORE_DATE_RE = re.compile(
    r"\b(?:said|says|announced|announces|reported|reports|told|confirmed|stated|added|disclosed"
    r"|revealed|published|released|noted|wrote|tweeted|posted)\s+$"
)

SEX_BY_NOUN = {
    "women": "female",
    "woman": "female",
    "girls": "female",
    "girl": "female",
    "female": "female",
    "females": "female",
    "men": "male",
    "man": "male",
    "boys": "male",
    "boy": "male",
    "male": "male",
    "males": "male",
}

#: Demonyms and country names as articles write them, with their ISO 3166-1 alpha-2 code.
NATIONALITIES: dict[str, str] = {
    "chinese": "CN",
    "china": "CN",
    "taiwanese": "TW",
    "taiwan": "TW",
    "vietnamese": "VN",
    "vietnam": "VN",
    "viet nam": "VN",
    "thai": "TH",
    "thais": "TH",
    "thailand": "TH",
    "indonesian": "ID",
    "indonesians": "ID",
    "indonesia": "ID",
    "indian": "IN",
    "indians": "IN",
    "india": "IN",
    "bangladeshi": "BD",
    "bangladeshis": "BD",
    "bangladesh": "BD",
    "south korean": "KR",
    "south koreans": "KR",
    "korean": "KR",
    "koreans": "KR",
    "south korea": "KR",
    "republic of korea": "KR",
    "north korean": "KP",
    "north koreans": "KP",
    "pakistani": "PK",
    "pakistanis": "PK",
    "pakistan": "PK",
    "nepali": "NP",
    "nepalis": "NP",
    "nepalese": "NP",
    "nepal": "NP",
    "malaysian": "MY",
    "malaysians": "MY",
    "malaysia": "MY",
    "japanese": "JP",
    "japan": "JP",
    "myanmar": "MM",
    "burmese": "MM",
    "filipino": "PH",
    "filipinos": "PH",
    "filipina": "PH",
    "filipinas": "PH",
    "philippine": "PH",
    "philippines": "PH",
    "lao": "LA",
    "laotian": "LA",
    "laotians": "LA",
    "laos": "LA",
    "cameroonian": "CM",
    "cameroonians": "CM",
    "nigerian": "NG",
    "nigerians": "NG",
    "ugandan": "UG",
    "ugandans": "UG",
    "sierra leonean": "SL",
    "sierra leoneans": "SL",
    "mongolian": "MN",
    "mongolians": "MN",
    "russian": "RU",
    "russians": "RU",
    "cambodian": "KH",
    "cambodians": "KH",
    "khmer": "KH",
    "ethiopian": "ET",
    "ethiopians": "ET",
    "kenyan": "KE",
    "kenyans": "KE",
    "sri lankan": "LK",
    "sri lankans": "LK",
    "singaporean": "SG",
    "singaporeans": "SG",
    "american": "US",
    "americans": "US",
    "british": "GB",
    "australian": "AU",
    "australians": "AU",
    "turkish": "TR",
    "ukrainian": "UA",
    "ukrainians": "UA",
    "brazilian": "BR",
    "brazilians": "BR",
    "egyptian": "EG",
    "egyptians": "EG",
    "ghanaian": "GH",
    "ghanaians": "GH",
    "kazakh": "KZ",
    "kazakhs": "KZ",
    "uzbek": "UZ",
    "uzbeks": "UZ",
    "kyrgyz": "KG",
    "tajik": "TJ",
    "tajiks": "TJ",
    "mozambican": "MZ",
    "mozambicans": "MZ",
    "moroccan": "MA",
    "moroccans": "MA",
    "tanzanian": "TZ",
    "tanzanians": "TZ",
    "rwandan": "RW",
    "rwandans": "RW",
    "zambian": "ZM",
    "zambians": "ZM",
    "zimbabwean": "ZW",
    "zimbabweans": "ZW",
    "malawian": "MW",
    "malawians": "MW",
    "sudanese": "SD",
    "somali": "SO",
    "somalis": "SO",
    "senegalese": "SN",
    "ivorian": "CI",
    "ivorians": "CI",
    "south african": "ZA",
    "south africans": "ZA",
    "tunisian": "TN",
    "tunisians": "TN",
    "algerian": "DZ",
    "algerians": "DZ",
    "iranian": "IR",
    "iranians": "IR",
    "iraqi": "IQ",
    "iraqis": "IQ",
    "syrian": "SY",
    "syrians": "SY",
    "lebanese": "LB",
    "jordanian": "JO",
    "jordanians": "JO",
    "turks": "TR",
    "georgian": "GE",
    "georgians": "GE",
    "colombian": "CO",
    "colombians": "CO",
    "peruvian": "PE",
    "peruvians": "PE",
    "mexican": "MX",
    "mexicans": "MX",
    "canadian": "CA",
    "canadians": "CA",
    "bruneian": "BN",
    "bruneians": "BN",
    "timorese": "TL",
    "hong kongers": "HK",
    "macanese": "MO",
    "bhutanese": "BT",
    "maldivian": "MV",
    "maldivians": "MV",
    "afghan": "AF",
    "afghans": "AF",
    "belarusian": "BY",
    "belarusians": "BY",
    "kazakhstani": "KZ",
    "vietnamese nationals": "VN",
    "cambodia": "KH",
    "myanmar nationals": "MM",
}
NATIONALITY_RE = re.compile(
    r"\b(?:"
    + "|".join(sorted((re.escape(k) for k in NATIONALITIES), key=len, reverse=True))
    + r")\b"
)
#: Nouns that take the demonym of the sentence when they have none ("rescued 1,450 citizens").
CITIZEN_NOUNS = frozenset({"citizens", "citizen", "nationals", "national", "compatriots"})

#: Places in Cambodia as articles spell them, for the location column.
PLACES = (
    "Phnom Penh",
    "Sihanoukville",
    "Preah Sihanouk",
    "Kandal",
    "Kampot",
    "Kep",
    "Bavet",
    "Poipet",
    "O'Smach",
    "Oddar Meanchey",
    "Pursat",
    "Svay Rieng",
    "Banteay Meanchey",
    "Koh Kong",
    "Takeo",
    "Siem Reap",
    "Battambang",
    "Kampong Cham",
    "Kampong Speu",
    "Kampong Thom",
    "Kampong Chhnang",
    "Mondulkiri",
    "Ratanakiri",
    "Kratie",
    "Stung Treng",
    "Preah Vihear",
    "Pailin",
    "Prey Veng",
    "Tbong Khmum",
    "Chrey Thom",
)
PLACE_RE = re.compile(r"\b(?:" + "|".join(re.escape(p) for p in PLACES) + r")\b")

#: Who acted or reported: the police, a ministry, a committee, a court.
AUTHORITY_RE = re.compile(
    r"(?:(?:[A-Z][\w'\u2019.-]*|of|the)\s+){0,6}?(?:[A-Z][\w'\u2019.-]*\s+)?"
    r"(?:police|authorities|Ministry(?: of(?: [A-Z]\w+)+)?|ministry|Department(?: of(?: [A-Z]\w+)+)?"
    r"|Committee(?: \([A-Z]+\))?|court|prosecutors|officials|embassy)\b"
)

#: Where an event in another country's compounds is told: figures about them are set aside
#: unless the sentence ties the people to Cambodia.
OTHER_COUNTRY_RE = re.compile(
    r"\b(?:in|from|across)\s+(?:the\s+)?(?:Myanmar|Burma|Laos|Philippines|Myawaddy|Shwe Kokko"
    r"|KK Park|Golden Triangle|Dubai|Georgia|Thailand's|Mae Sot)\b"
    # "Chinese suspects Myanmar's authorities handed over": another country's authorities
    r"|\b(?:Myanmar|Burma|Laos)(?:'s|\u2019s)\s+(?:authorities|police|military|junta|government"
    r"|officials)\b"
)
CAMBODIA_RE = re.compile(r"Cambodia|Khmer|" + "|".join(re.escape(p) for p in PLACES))
#: A sentence set in another country by its opening words: "In India, police in Rourkela ...".
ABROAD_OPENER_RE = re.compile(
    r"^\s*In\s+(?:Malaysia|India|Indonesia|Vietnam|China|Taiwan|(?:South\s+)?Korea|Japan|Thailand"
    r"|Kenya|Nepal|Sri Lanka|Bangladesh|Pakistan|Uganda|Ethiopia|the Philippines|Myanmar|Laos),"
)
#: Where the compounds of other countries are: the nearest of these or of Cambodia's places
#: named before a number says whose figure it is.
COMPOUND_PLACE_RE = re.compile(
    r"\b(?:(?P<abroad>Myanmar|Burma|Laos|Myawaddy|Shwe Kokko|KK Park|Golden Triangle|Mae Sot)"
    r"|(?P<home>Cambodia|Cambodian|Khmer|" + "|".join(re.escape(p) for p in PLACES) + r"))\b"
)
#: A place abroad where people are arrested, held or rescued: a figure there is another
#: country's, unless the sentence ties it to Cambodia.
#: Countries, and places in them, where the people of the compounds come from: an arrest there
#: is that country's, of no one who came from Cambodia.
_HOME_COUNTRIES = (
    r"(?:Malaysia|India|Indonesia|Vietnam|China|Taiwan|(?:South\s+)?Korea|Japan|Thailand|Kenya"
    r"|Nepal|Sri Lanka|Bangladesh|Pakistan|Uganda|Ethiopia"
    # Thailand's provinces on the Cambodian border, the Indian states recruits come from
    r"|Sa Kaeo|Aranyaprathet|Trat|Chanthaburi|Surin|Buriram|Si ?sa ?ket|Ubon Ratchathani"
    r"|Mae Sot|Odisha|Kerala|Tamil Nadu|Punjab|Uttar Pradesh|Bihar|Andhra Pradesh|Telangana)\b"
)
ABROAD_EVENT_RE = re.compile(
    r"\bin\s+(?:the\s+)?(?:Manila|Philippines|Myanmar|Laos|Dubai|Bangkok|Golden Triangle)\b"
    # "police in Malaysia had arrested 17 recruiters": an arrest at home, of no one who came
    # from Cambodia (a sentence that names Cambodia is never read as abroad)
    rf"|\b(?:police|authorities|prosecutors|courts?)\s+in\s+(?:[A-Z][a-z]+,?\s+)?{_HOME_COUNTRIES}"
    # "police had arrested 47 people in Malaysia since January": the people's own place
    r"|\b(?:\d[\d,]*|two|three|four|five|six|seven|eight|nine|ten|eleven|twelve|[a-z]+teen"
    r"|(?:twen|thir|for|fif|six|seven|eigh|nine)ty(?:-[a-z]+)?)"
    rf"\s+(?:[a-z]+\s+){{0,2}}in\s+{_HOME_COUNTRIES}"
    # "Laos detains 771 in Golden Triangle zone": another country as the subject
    r"|^\s*(?:Myanmar|Burma|Laos|(?:The\s+)?Philippines)\b",
    re.IGNORECASE,
)
