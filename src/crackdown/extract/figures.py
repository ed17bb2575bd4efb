"""Reading one sentence: which of its numbers are figures, and what each one counts.

A number is a figure when it counts people, cases or US dollars and a word of the sentence
says what happened to them (the metric): a verb before it ("deported 312"), a passive after
its noun phrase ("2,825 foreigners ... have already been deported"), a noun ("the arrest of
3,455"), or, for a part or a comparison, the figure it belongs to ("including 476 women",
"up from 2,790"). Dates, ages, durations, sizes, places and other currencies are skipped.
"""

from __future__ import annotations

import itertools
import re
from dataclasses import dataclass, field, replace
from datetime import date, timedelta
from functools import lru_cache

from crackdown.extract import lexicon as lx
from crackdown.extract.lexicon import words
from crackdown.extract.text import Sentence
from crackdown.extract.when import MONTHS, DateMention, Publication, read_dates
from crackdown.numbers import NumberMention, find_numbers

_TOKEN_RE = re.compile(r"\s*(?:(?P<word>[A-Za-z][A-Za-z'\u2019]*(?:-[A-Za-z]+)*)|(?P<other>\S))")
_NP_STOP = words(
    """
from in to at on for by with since over after before during who whose whom where that which were was are is have
has had will would been be being and or but as than while into under between across near said
says told per a an the its their his her these those this back home according
"""
)
_FILLER_RE = re.compile(
    r"(?:\s+(?:the|a|an|all|of|total|some|another|other|further|additional|at|least|more|than|about"
    r"|approximately|around|nearly|almost|over|up|to|as|many|only|estimated|roughly|just|home"
    r"|back|exactly|no|fewer|less|in\s+total|altogether"
    # "deported the group of 25", "repatriated a second batch of 65"
    r"|group|batch|first|second|third|latest|final|new|fresh))*\s*"
)
#: A noun and "the number of" between a verb and its number, as translated reports write it:
#: "rescued the victims the number of 26 persons".
_NOUN_NUMBER_OF_RE = re.compile(r"\s+(?:the\s+)?[a-z]+\s+the\s+(?:number|amount)\s+of\s*")
_PREDICATE_RE = re.compile(
    r"^\s*(?:were|are|was|is)\s+(?P<pred>(?:[A-Za-z'\u2019-]+\s+){0,2}[A-Za-z'\u2019-]+)"
)
_PARENTHETICAL_RE = re.compile(
    r",\s+(?:including|among them|among whom|of whom|of which|of them)\b[^,]*,"
    # "Sixteen defendants, 12 of them Chinese, went on trial"
    r"|,\s+[\w-]+\s+of\s+(?:them|whom)\b[^,]*,"
    # "another 27, from Laos, China and Myanmar, were arrested": where they are from
    r"|,\s+(?:all\s+|mostly\s+|most\s+)?from\s+[A-Z][^,;]{1,40}(?:,\s+[A-Z][^,;]{1,40}){0,4},"
    # an aside between dashes or brackets: "230 suspects — 150 Chinese and 80 Thais — were"
    r"|\s[\u2014\u2013]\s[^\u2014\u2013]{1,120}?\s[\u2014\u2013]\s|\s--\s.{1,120}?\s--\s|\s\([^()]{1,120}\)"
    r"|\s-\s[^-]{1,120}?\s-\s"
    # "Twenty-four Filipinos, nine men and 15 women, arrived": the people split by sex
    r"|,\s+[^,;]{1,30}?\b(?:men|women|males|females|boys|girls|minors)\s+and\s+[^,;]{1,30}?"
    r"\b(?:men|women|males|females|boys|girls|minors),"
)
_ADVERBS = (
    r"(?:(?:\w+ly|also|already|not|yet|then|since|now|so far|earlier|previously|first|just)\s+)*"
)
_ADVERBS_RE = re.compile(_ADVERBS)
_PARTICIPLE = r"(?:been\s+)?[a-z]+(?:ed|en|un|wn|ght|ld|nt|id|de)\b"
_PAST_PERFECT_RE = re.compile(rf"\bhad\s+{_ADVERBS}{_PARTICIPLE}|\bto\s+have\s+{_PARTICIPLE}")
_PRESENT_PERFECT_RE = re.compile(rf"\b(?:have|has)\s+{_ADVERBS}{_PARTICIPLE}")
#: A state at the time of writing: "are currently held", "remain in detention".
_PRESENT_STATE_RE = re.compile(
    r"\b(?:are|is)\s+(?:currently\s+|still\s+|now\s+)?(?:being\s+)?(?:held|detained|kept|holding"
    r"|in custody|in detention)\b|\bremain(?:s)?\s+(?:in|under)\b|\bcurrently\b"
    # "were being held" as told, "the number still held": a state, not an event
    r"|\b(?:was|were)\s+(?:still\s+)?being\s+(?:held|detained|kept)\b"
    r"|\bstill\s+(?:held|detained|in\s+custody|in\s+detention)\b"
)
_RANGE_EACH_RE = re.compile(
    r"^\s*(?:and|to|-|\u2013)\s*(?:US)?\$?\s?[\d,.]+(?:\s+(?:million|billion|thousand))?\s+"
    r"(?:each|apiece|a month|per month|a year|per year)\b"
)
#: How far back an end-anchored pattern looks: longer than any phrase it matches.
_TAIL = 80
_AGE_CHAIN_RE = re.compile(r"^\s*(?:and|to|-|\u2013)\s*$")
_NOUN_METRICS = {
    "victims": "defrauded",
    "victim": "defrauded",
    "defendants": "charged",
    "defendant": "charged",
    "detainees": "detained",
    "detainee": "detained",
    "deportees": "deported",
    "cases": "cases",
    "case": "cases",
    "arrests": "arrested",
    "arrest": "arrested",
    "deportations": "deported",
    "prosecutions": "prosecuted",
    "repatriations": "repatriated",
    "rescues": "rescued",
    "convictions": "convicted",
    "indictments": "charged",
    "returnees": "repatriated",
    "reports": "cases",
    "complaints": "cases",
    "complaint": "cases",
    "investigations": "cases",
    "investigation": "cases",
    "probes": "cases",
    "lawsuits": "cases",
    # "received 386 requests for help": each a case the ministry opened
    "requests": "cases",
    # "recorded only 318 arrivals": people who came home
    "arrivals": "repatriated",
}
#: Actions done to people only, never to a case.
_PEOPLE_ONLY = frozenset({"arrested", "detained", "deported", "repatriated", "rescued"})
#: Nouns for people by what was done to them that no other verb of the clause changes
#: ("returnees" may be arrested on landing: "The 64 returnees ... were placed under arrest").
_ROLE_HEADS = frozenset({"arrivals"})
#: Nouns that name the event counted ("3,455 arrests", "73 prosecutions"): they count people.
_EVENT_NOUNS = frozenset(
    {"arrests", "deportations", "prosecutions", "repatriations", "rescues", "convictions"}
)
#: "45 of them", "22 of those", "171 of the rescued": a part of people counted before.
_PARTITIVE_AFTER_RE = re.compile(r"^\s+of\s+(?:them|those|these|whom|which|the|all)\b")
#: Words that carry a running total to its number: "climbs to 125", "put the number at 48".
_RUNNING_TOTAL_RE = re.compile(
    r"\b(?:add(?:s|ed|ing)?|rais(?:e|es|ed|ing)|lift(?:s|ed|ing)?|bring(?:s|ing)?|brought|tak(?:e|es|ing)|took|push(?:es|ed|ing)?"
    r"|climb(?:s|ed|ing)?|ris(?:e|es|ing|en)|rose|increas(?:e|es|ed|ing)|swell(?:s|ed|ing)?"
    r"|reach(?:es|ed|ing)?|hit(?:s|ting)?|top(?:s|ped|ping)?|stands? at|stood at|came to|comes to"
    r"|put(?:s|ting)?\s+(?:the\s+)?(?:number|total|figure|tally|count)\s+at|on top of"
    r"|total(?:s|led|ing)?|number(?:s|ed)|amount(?:s|ed)? to|tall(?:y|ies|ied) (?:at|to)"
    r"|(?:number|total|tally|figure|count)\s+(?:of\s+[\w'\u2019-]+(?:\s+[\w'\u2019-]+){0,3}\s*)?"
    r",?\s*(?:which\s+|that\s+)?(?:is|was|are|were|stands at|stood at|now))\b"
    r"(?:\s+[\w'\u2019-]+){0,14}?\s+(?:to\s+|at\s+)?$"
)
#: An aside that counts what its noun phrase names (", totalling 164 persons,"): no running total.
_APPOSITIVE_TOTAL_RE = re.compile(r"[,(]\s*(?:in\s+)?total(?:l?ing)?\s+$")
#: A relative clause or participle phrase opening after a noun phrase ("who had been held").
#: A sentence that opens on a part ("Among them were 87 minors and 264 women"): every number
#: in it is a part, none the whole of another.
_PART_OPENER_RE = re.compile(r"^(?:among|of|including|included)\s")
#: A determiner just before a word makes it a noun ("after a rescue"), not a verb.
_ARTICLE_END_RE = re.compile(r"\b(?:a|an|the|of|its|their)\s+$")
_RELATIVE_RE = re.compile(r"\b(?:who|which|that|whom)\b")
#: What makes a verb tell the background of the clause, not its outcome ("after being detained").
#: "since" after an auxiliary is an adverb: "seven have since flown home".
_SUBORDINATE_RE = re.compile(
    r"\b(?:after|before|when|(?<!have )(?<!has )(?<!had )since|having|once)\s+"
    # "picked up since July remained in detention": a time, not a clause of its own
    r"(?!(?:(?:jan|feb|mar|apr|may|jun|jul|aug|sep|oct|nov|dec)[a-z]*|\d{4}|last|early|mid"
    r"|late)\b)(?:\w+\s+){0,2}$"
)
#: A verb whose particle follows the people it governs ("picked 59 of them up", "brought 64
#: South Koreans home", "found 14 Chinese nationals guilty"): verb, particle, metric.
_SENDING = re.compile(
    r"\b(?:send|sends|sent|sending|refer|refers|referred|referring|transfer|transfers"
    r"|transferred|transferring|forward|forwards|forwarded|forwarding|bring|brings|brought"
    r"|bringing|hand|hands|handed|handing)\s+$"
)
_SPLIT_PHRASAL = (
    (
        re.compile(r"\b(?:pick|picks|picked|picking|round|rounds|rounded|rounding)\s+(?:up\s+)?$"),
        "up",
        "arrested",
    ),
    (re.compile(r"\b(?:take|takes|took|taken|taking)\s+$"), "into custody", "arrested"),
    (
        re.compile(
            r"\b(?:bring|brings|brought|bringing|fly|flies|flew|flown|flying|escort|escorts|escorted"
            r"|escorting|welcome|welcomes|welcomed|welcoming|take|takes|took|taken|taking)"
            r"\s+(?:back\s+|home\s+)?$"
        ),
        "home|back",
        "repatriated",
    ),
    (re.compile(r"\b(?:send|sends|sent|sending)\s+$"), "home|back", "deported"),
    # "Cambodia hands 71 Thais back at Poipet"
    (re.compile(r"\b(?:hand|hands|handed|handing)\s+$"), "back", "repatriated"),
    (re.compile(r"\b(?:find|finds|found|finding)\s+$"), "guilty", "convicted"),
    (re.compile(r"\b(?:pull|pulls|pulled|pulling)\s+$"), "out", "rescued"),
    # "released nearly 2,000 workers from four compounds" (not "released on bail")
    (
        re.compile(r"\b(?:release|releases|released|releasing)\s+$"),
        r"from (?:[\w'-]+ ){0,3}?(?:compounds?|captivity|buildings?|scam centres?)",
        "rescued",
    ),
    # "removed 120 foreigners from the country": removal from Cambodia, not from a compound
    (
        re.compile(
            r"\b(?:remove|removes|removed|removing|expel|expels|expelled|send|sends|sent|sending)"
            r"\s+$"
        ),
        "(?:from|out of) (?:the country|cambodia|the kingdom)",
        "deported",
    ),
    (re.compile(r"\b(?:hand|hands|handed|handing)\s+(?:over\s+)?$"), "over", "repatriated"),
    # "sent 81 people to prosecutors", "sent 36 suspects to the Kratie Provincial Court"
    (_SENDING, r"to (?:the )?(?:public )?prosecutors?", "prosecuted"),
    (_SENDING, r"to (?:the |a )?(?:[\w'-]+ ){0,5}courts?", "charged"),
    # "put 172 Chinese nationals, all men, on a chartered flight to Chengdu"
    (
        re.compile(r"\b(?:put|puts|putting|place|places|placed|placing)\s+$"),
        r"on (?:a |an |the |two |three |four )?(?:\w+ )?(?:flights?|planes?|aircraft|charters?)",
        "deported",
    ),
    # "placed 141 foreign workers in immigration detention"
    (
        re.compile(r"\b(?:put|puts|putting|place|places|placed|placing|keep|keeps|kept)\s+$"),
        r"in (?:immigration |police |pre-?trial )?(?:detention|custody)",
        "detained",
    ),
    # "escorted 98 suspects from Phnom Penh to Fuzhou": brought back under escort
    (re.compile(r"\b(?:escort|escorts|escorted|escorting)\s+$"), "from|to", "repatriated"),
)
#: Finite verbs that report an outcome without a passive auxiliary ("returned", "landed").
_FINITE = frozenset(
    {
        "returned",
        "returns",
        "landed",
        "lands",
        "arrived",
        "arrive",
        "arrives",
        "flew home",
        "flew back",
        # "seven have since flown home": the present perfect of an intransitive return
        "flown home",
        "flown back",
        "reach home",
        "reached home",
        "reaches home",
        # "56 Thais who had been tricked into scam work walked back across the bridge"
        "walked back",
        "crossed back",
    }
)
#: Money taken from victims in other words: "took at least $35 million from Korean victims".
_TOOK_MONEY_RE = re.compile(
    r"\b(?:took|taken|taking|extort(?:ed|ing)?|siphon(?:ed|ing)?|conned|fleeced|losses|lost"
    # "the amount involved in the fraud of these groups exceeds ..."
    r"|(?:amount|sum|money)\s+involved\s+in\s+(?:the\s+)?(?:\w+\s+){0,2}?(?:fraud|scams?|cases?)"
    # "The total damages are more than 18 million yuan": what the victims lost
    r"|damages\s+(?:are|were|was|is|amount(?:ed)?\s+to|reach(?:ed)?|exceed(?:ed)?|total(?:led)?)"
    r"|cost(?:s|ing)?\s+(?:\w+\s+)?(?:victims|people|them|investors|residents|citizens))\b"
)
#: Only auxiliaries between the number and the verb: "All 61 were charged".
_AUX_ONLY_RE = re.compile(
    r"\s*(?:(?:were|was|are|is|have|has|had|been|being|all|also|later|then|already|still)\s+)+"
)
#: An auxiliary that is not coordinated with the verb before it ("... held in Cambodia were"),
#: so the verb after it is a new clause's, not a second verb of the relative clause.
_NEW_AUX_RE = re.compile(
    r"(?P<before>\w+)?[\s,]+(?:were|was|are|is|have been|has been|had been|got|get)\s+"
    r"(?:\w+ly\s+|also\s+|then\s+|later\s+|subsequently\s+)?"
    # "were placed under arrest", "were taken into custody"
    r"(?:(?:placed|taken|put|brought|sent)\s+)?$"
)
#: A participle after the people and a short modifier, in a headline or a bullet with no
#: auxiliary: "240 suspects of gambling and fraud escorted back to China".
_REDUCED_RELATIVE_RE = re.compile(
    r"\s*(?:of|from|in|at|with|involved in|linked to|tied to)\s+(?:[a-z'\u2019-]+\s+){1,4}"
)
_OWN_PARTICIPLE_RE = re.compile(
    r"(?:\s+of\s+(?:them|those|these|whom))?\s*(?:were|was|have been|has been|had been|are|is)\s+(?:\w+ly\s+|also\s+|later\s+)?"
    r"(?P<verb>[a-z]+(?:ed|en|wn))\b"
)
_OWN_VERB_WHY = "a part whose own verb"
_DIGITS_RE = re.compile(r"\d+")
_PARTICIPLE_WORD_RE = re.compile(r"[a-z]+(?:ed|en|wn|ght|ld|nt|ne)\b")
#: "45 persons of Chinese nationality"
_OF_NATIONALITY_RE = re.compile(
    r"\s+of\s+((?:[A-Z][\w'\u2019-]*\s+){1,2})(?:nationality|citizenship|origin)\b"
)
_COMPOUND_COUNTRIES = frozenset({"KH"})
_FROM_COUNTRY_RE = re.compile(
    r"\s+(?:who\s+(?:are|were)\s+)?from\s+((?:[A-Z][\w'\u2019-]*\s*){1,3})"
)
_HOW_MANY_RE = re.compile(
    r"\bhow many\s+((?:[\w'\u2019-]+\s+){0,4}?)(?:were|was|have|has|had|are|is|did|do|does)\b"
)
_TOTAL_WORDS_RE = re.compile(r"\b(?:to|at)\s+$|\b(?:total|number|tally|figure|count)\b")
_FOR_A_TOTAL_RE = re.compile(
    r"\b(?:for|making|to make|with)\s+(?:a|an)\s+(?:total|tally|overall total)\s+of\s+$"
)
_PASSED_RE = re.compile(
    r"\b(?:now\s+)?(pass(?:es|ed)?|surpass(?:es|ed)?|exceed(?:s|ed)?|cross(?:es|ed)?"
    r"|top(?:s|ped)?|(?:climb(?:s|ed)?|ris(?:es|en)|rose|edg(?:es|ed)|went|goes|moved?)\s+past)"
    r"\s+(?:the\s+)?(?:mark\s+of\s+)?$"
)
_ABROAD = "about another country"
_ANSWER_NOTE = "answers the question before it"
_NO_ACTION = "no action (arrested, deported, ...) in its clause"
_AUX_LIGHT_VERB_RE = re.compile(
    r"\s*(?:(?:were|was|are|is|have|has|had|been|being|all|also|later|then|already|still)\s+)+"
    r"[a-z]+\s+"
    # "Nine go on trial", "12 went on trial": a verb of motion before the trial
    r"|\s*(?:go|goes|went|gone|going)\s+"
)
#: "37 more were arrested", "460 more held": the people of a bare number, after it.
_MORE_AFTER_RE = re.compile(r"(?:-plus\b|\+)?(?:\s+more\b(?!\s+than))?", re.IGNORECASE)
#: Another count of people told before, by whoever gives it: "Seoul counts 64", "police
#: count 58", "its own count for the same period is 339", "puts the figure at about 220".
_RECOUNT_RE = re.compile(
    r"(?:\b(?:counts?|counted|tall(?:y|ies|ied)|cit(?:e|es|ed|ing))"
    r"|\b(?:own|their|its|a different|a lower|a higher) (?:count|tally|figure|total)\b[^.;:,]{0,40}"
    r"\b(?:is|was|stands at|stood at|at)"
    r"|\bputs? (?:it|the (?:number|figure|total|toll|count)(?: of (?:[\w'-]+ ){0,2}[\w'-]+)?) at)\s+(?:between\s+)?$"
)
#: A total named by what was done, before its number: "puts the number detained since July at".
_TOTAL_OF_VERBED_RE = re.compile(
    r"\bthe (?:number|total|tally|count|toll)\s+(?P<what>(?:of\s+)?(?:[\w'\u2019-]+\s+){0,2}?"
    r"(?:[a-z]+ed|held|caught|sent home|sent back|brought home|freed|taken into custody)"
    r"(?:\s+[\w'\u2019-]+){0,10})\s+(?:at|to|as)\s+$"
)
_NUMBER_OF_RE = re.compile(r"\bnumber of\s+(?P<noun>\w+)(?:\s+[\w'\u2019-]+){0,6}\s+(?:at|to)\s+$")


@dataclass
class Figure:
    """A number the extractor proposes as a figure, with what it read around it."""

    sentence: Sentence
    number: NumberMention
    value: float
    qualifier: str
    qualifier_text: str
    unit: str
    subject: str
    nationality: str
    sex: str
    metric: str | None
    metric_note: str
    trigger_at: int
    part_before: bool
    part_sentence: bool
    comparison: bool
    tense: str
    own_date: DateMention | None
    authority: str
    location: str
    quote_start: int
    quote_end: int
    parent: Figure | None = None
    siblings: list[Figure] = field(default_factory=list)
    group: int | None = None
    period_start: date | None = None
    period_end: date | None = None
    date_precision: str = ""
    count_type: str = ""
    period_note: str = ""
    notes: list[str] = field(default_factory=list)
    range_bounds: tuple[float, float] | None = None
    #: Told by reference to a count before it ("The ministry's figure is 13."): the period of
    #: that count, when the sentence gives none.
    refers_back: bool = False

    @property
    def in_headline(self) -> bool:
        """Whether the figure stands in a headline line."""
        return self.sentence.headline

    @property
    def bounds(self) -> tuple[float | None, float | None]:
        """value_low and value_high as the qualifier implies them."""
        if self.range_bounds is not None:
            return self.range_bounds
        v = self.value
        return {
            "more_than": (v + 1, None),
            "at_least": (v, None),
            "nearly": (None, v - 1),
            "up_to": (None, v),
        }.get(self.qualifier, (None, None))

    def set_period(
        self, start: date | None, end: date, precision: str, count_type: str, note: str
    ) -> None:
        """Record the period the figure covers, and how it was found."""
        self.period_start, self.period_end = start, end
        self.date_precision, self.count_type = precision, count_type
        self.period_note = note


@dataclass(frozen=True)
class SentenceReading:
    """A sentence with its dates (reporting dates and the dateline left out) and its figures."""

    sentence: Sentence
    dates: list[DateMention]
    figures: list[Figure]
    set_aside: list[tuple[NumberMention, str]] = field(default_factory=list)
    #: Counts of people with no action told, which a next sentence may tell by reference.
    latent: list[Figure] = field(default_factory=list)


def _qualifier(before: str) -> tuple[str, str, int]:
    """The qualifier just before a number: its name, its words, and where they start."""
    offset = max(0, len(before) - _TAIL)
    tail = before[offset:]
    m = lx.QUALIFIER_RE.search(tail)
    if not m:
        return "exact", "", len(before)
    name = next(n for n, _ in lx.QUALIFIERS if m.group(n) is not None)
    over = m.group("more_than")
    if over and over.lower() == "over" and lx.PHRASAL_OVER_RE.search(tail):
        return "exact", "", len(before)
    if name == "exact":
        return "exact", "", offset + m.start()
    return name, m.group("qualifier"), offset + m.start()


@lru_cache(maxsize=512)
def _context(sentence: str) -> tuple[str, str]:
    """Who acted or reported, and the places named, in a sentence."""
    authority = lx.AUTHORITY_RE.search(sentence)
    places = dict.fromkeys(m.group(0) for m in lx.PLACE_RE.finditer(sentence))
    return (authority.group(0).strip() if authority else ""), ", ".join(places)


#: What makes the people counted the object of a plan, not of an outcome.
_PLAN_AFTER_RE = re.compile(
    r"^\s*(?:(?:are|is|were|was)\s+)?(?:expected|due|set|scheduled|likely|planned|going|yet)\s+to\b"
    r"|^\s*(?:will|would|could|may)\b"
    r"|^\s*(?:(?:are|is|were|was)\s+)?(?:still\s+)?(?:waiting|awaiting|yet)\b"
)
_PLAN_BEFORE_RE = re.compile(r"\b(?:expect\w*|plans?|planned|will|would|intend\w*|hope\w*)\b")
#: A label and a colon before a number, as in a list of figures: "Arrests since July 14: 3,455".
_LABEL_RE = re.compile(r"(?:^|\n)\s*([^:;.\u2014\u2013]{3,80}?)\s*[:\u2014\u2013]\s*$")
#: A flight that carries the people, and its landing: how a home country receives them.
_CARRYING_RE = re.compile(
    r"\b(?:flight|plane|jet|aircraft|airliner|charter)\s+(?:\w+\s+){0,2}?carrying\s+"
    r"(?:(?:about|some|around|nearly|more\s+than|over|at\s+least)\s+)?$"
)
_LANDED_RE = re.compile(r"\b(?:landed|touched\s+down|arrived)\b")
#: A preposition that puts a number inside the noun phrase before it, and the nouns such a
#: number counts: "suspects of 20 nationalities", "in 17 of those cases".
_MODIFIER_NUMBER_RE = re.compile(r"\s*(?:of|in|from|across|with)\s+")
_OF_THOSE_NOUN_RE = re.compile(r"\s+of\s+(?:those|these|the)\s+([A-Za-z]+)")
_MODIFIER_NOUNS = frozenset(
    {"nationalities", "countries", "provinces", "cases", "compounds", "sites", "locations"}
)
#: A negation in the verb group just before a participle: "have not been", "were never".
_NEGATED_RE = re.compile(
    r"\b(?:not|never|n't|yet\s+to\s+be)\s+(?:(?:yet|been|be|being|formally|officially)\s+)*$"
)
_OF_AFTER_RE = re.compile(r"\s+of\s")
#: A label that names a total and nothing else: "Total: 196", "Running tally: 314".
_TOTAL_LABEL_RE = re.compile(
    r"(?:(?:new|running|overall|grand|day's|the day's|updated)\s+)?(?:total|tally|count)"
    r"(?:\s+(?:so far|now|to date|today))?"
)
#: A figure told by reference to one before: "the number is closer to 450".
_BY_REFERENCE_RE = re.compile(
    r"\b(?:number|figure|total|tally|count|toll)\s+(?:is|was|as|stands\s+at|stood\s+at)\s+"
    r"(?:closer\s+to\s+|nearer\s+to\s+|now\s+)?(?:\w+\s+){0,2}$"
    r"|\b(?:persons|people|suspects|victims|citizens|nationals|foreigners)\s+"
    r"(?:number(?:ed)?|total(?:led)?)\s+$"
    r"|\b(?:reported|counted|recorded|cited|listed|gave)\s+$"
)
#: A place as the subject of "held": a capacity, not a detention.
_PLACE_HOLDS_RE = re.compile(
    r"\b(?:compounds?|buildings?|sites?|centres?|centers?|facility|facilities|complex|camps?"
    r"|premises|hotel|casino|park)\s+(?:\w+ly\s+)?$"
)
#: A pronoun before a verb: the verb is its own clause's, not the counted people's.
_OWN_SUBJECT_RE = re.compile(r"\b(?:he|she|they|we|i|it|you)\s+(?:\w+ly\s+)?$")
#: A verb right after a number belongs to that number, not to the next one.
_OWN_VERB_RE = re.compile(r"^\s*(?:[a-z]+\s+)?(?:were|was|are|is|had|have|has)\b")
#: A participle clause whose object points back at the people just counted: ", deporting
#: them to Guangzhou", "and repatriating the group".
_POINTS_BACK_RE = re.compile(
    r"(?:,|\band)\s+(?P<verb>[a-z]+ing)\s+(?P<them>them|the group|all of them)\b"
)
#: A running total named after its number: "raising to 74 the number of Koreans now held".
_TOTAL_NAMED_AFTER_RE = re.compile(
    r"\s*the\s+(?:total\s+)?(?:number|total|tally|count)\s+of\s+([^,;.]{1,70})"
)
#: Words that join a predicate to the next clause rather than belong to it.
_TRAILING_JOIN_RE = re.compile(r"(?:\s+(?:and|or|but|while|with|as|of|from|in|to))+$")
#: A sex told before a number, as translated reports write it: "female 6 persons".
_SEX_BEFORE_RE = re.compile(r"(?:^|\s)(male|female)\s+$")
#: Words that add to people counted before rather than split them.
_MORE_RE = re.compile(r"\b(?:more|other|another|further|additional)\b")
#: People told as among a larger group: "were among some 300 foreigners detained", "lists 366
#: Indonesians among the 3,075 people arrested", "13 Japanese among those held" (`those`: not
#: in a list item, "612: women among those held", which counts what its list counts).
_AMONG_AFTER_RE = re.compile(
    r"^\s*(?:(?:were|was|are|is)\s+(?:also\s+)?among\b"
    r"|among\s+(?:the\s+|some\s+|about\s+|around\s+|nearly\s+|more than\s+|over\s+)?\d"
    r"|(?P<those>among\s+(?:those|the\s+[a-z]+)\s+"
    r"(?=[a-z]+ed\b|held\b|caught\b|sent\b|freed\b)))"
)
#: People told as home again, with no verb: "INDONESIA: 214 HOME THIS YEAR".
_HOME_AFTER_RE = re.compile(
    # "TAIWAN: 14 BACK VIA BANGKOK", "27 safely back from Cambodia"
    r"^\s+(?:(?:are|were|now|already|safely|all)\s+)*back\s+(?:via|from)\b"
    r"|^\s+(?:(?:are|were|now|already|safely|back|all)\s+)*home\b"
    r"(?!\s+(?:country|countries|province|provinces|town|city|village|ministry|office|affairs"
    r"|secretary|front|of|to|in|page))"
)
#: The verb of a relative clause whose object is the people, when the main verb is none:
#: "the 88 Chinese nationals whom police in Kampot detained on Tuesday".
_OBJECT_RELATIVE_RE = re.compile(
    # "the total 376 foreigners of six nationalities which the authority of Svay Rieng
    # province arrested on 19 July", as translated reports write it
    r"^\s*(?:of\s+[\w'\u2019-]+\s+nationalit(?:y|ies)\s+)?"
    r"(?:whom|who|that|which)\s+(?:(?!(?:were|was|are|is|had|have|has)\b)[\w'\u2019-]+\s+){1,6}"
    r"(?:had\s+|have\s+|has\s+)?(?=[a-z]+ed\b|held\b|caught\b|sent\b|brought\b|freed\b)"
)
#: A number told with another's verb: "detained 423 Vietnamese ... along with 14 others".
_ALONG_WITH_RE = re.compile(r"\b(?:along with|together with|as well as|alongside)\s+$")
#: A verb between two numbers of a list makes them two clauses, not one list.
_VERB_BETWEEN_RE = re.compile(r"\b(?:were|was|are|is|have|has|had|said|says)\b")
#: "Of the 200 people rescued, 45 were women": the first number is the whole of those after it.
#: "Of the 460, ..." opens on a whole; "Among those were 109 Thais" on a part.
_OF_THE_WHOLE_RE = re.compile(
    r"^(?:of|among)\s+(?:the|these|those)\s+(?:(?!(?:were|was|are|is)\b)\w+\s+){0,2}?\d"
)
#: Plural words shaped like a people's name: Zambians, Senegalese, Iraqis.
_DEMONYM_RE = re.compile(r"[a-z]{3,}(?:ans|ese|is|ns)")
#: Plural nouns for people by what they do or are: organisers, recruiters, accountants.
_AGENT_NOUN_RE = re.compile(r"[a-z]{3,}(?:ers|ors|ists|ants|ents|ees|ians|ives|ims)")
#: Nouns for a body of people counted before: "59 of the group", "12 of the batch".
_COLLECTIVES = frozenset({"group", "groups", "batch", "lot", "total", "number", "rest"})
_PARTITIVE_RE = re.compile(r"\s+(?:the|these|those|them|its|their|our)\b")
_NEXT_WORD_RE = re.compile(r"\s+([A-Za-z]+)")
_LETTERS_RE = re.compile(r"[a-z]+")
_YEAR_DIGITS_RE = re.compile(r"(?:19|20)\d{2}")
_DASH_RANGE_RE = re.compile(r"\s*(?:-|\u2013)\s*\d")
_FUTURE_WORD_RE = re.compile(r"\b(?:will|would|shall)\s+(?:\w+\s+){0,2}$")
#: A reporting verb and the few words after it ("told a press conference in Bangkok"): a date
#: right after them is when the figure was told, not when what it counts happened.
_TOLD_RE = re.compile(
    r"\b(?:said|says|told|announced|announces|reported|confirmed|stated|added|disclosed|revealed"
    r"|briefed|informed|statement|press conference|news conference|briefing)\b"
    r"(?P<between>(?:\s+[\w'\u2019-]+){0,6}?)\s+$"
)
#: "since the crackdown began on Saturday": a date that starts a running span.
_SINCE_CLAUSE_RE = re.compile(r"\bsince\s+(?:[\w'\u2019-]+\s+){0,10}?(?:on|in)?\s*$")
#: A word that dates a since clause by itself: a month's name or a number.
_DATED_WORD_RE = re.compile(rf"\b(?:{'|'.join(sorted(MONTHS, key=len, reverse=True))})\b|\d")


#: Relative dates a statement is made on ("said this month", "told reporters this week").
_RELATIVE_NOW_RE = re.compile(r"(?:earlier\s+)?this\s+(?:week|month)|today|yesterday")


def _told(before: str) -> bool:
    """Whether a date after `before` is when something was told."""
    if lx.REPORT_BEFORE_DATE_RE.search(before):
        return True
    m = _TOLD_RE.search(before)
    if not m:
        return False
    between = m.group("between")
    return not any(c.isdigit() for c in between) and not lx.TRIGGER_RE.search(between.lower())


#: A reporting verb just after a date, its subject perhaps between: "On Monday, the ministry
#: said ...", "Police on Monday told reporters ...".
_TELLS_AFTER_RE = re.compile(
    r",?\s+(?:(?:the|a|an|its|his|her|their|[a-z'\u2019.-]+)\s+){0,5}?"
    r"(?:said|says|told|announced|reported|confirmed|stated|disclosed|revealed|briefed|informed"
    r"|noted|wrote|posted|published|released a statement)\b"
)


#: A verb before the date, so that the date ends a clause telling an event: "The group was led
#: out of a resort on Sunday, police said", "Prosecutors filed the case on the 7th, a clerk
#: said" (the day is the event's, not the statement's); not the participle of a statement ("in
#: a statement issued on Monday, police said").
_TOLD_PARTICIPLE = r"(?!(?:issued|released|published|posted|quoted|reported|dated|added|cited)\b)"
_EVENT_CLAUSE_RE = re.compile(
    rf"\b(?:was|were|been)\s+{_TOLD_PARTICIPLE}\w+|\b{_TOLD_PARTICIPLE}\w{{2,}}ed\b"
)


def _tells(before: str, after: str) -> bool:
    """Whether a date between `before` and `after` is when something was told: a reporting verb
    follows it, and neither an action (arrested, deported, ...) nor a number comes before it in
    its sentence ("sent 119 Thais back on Saturday, the department said": Saturday is when)."""
    m = _TELLS_AFTER_RE.match(after)
    return (
        m is not None
        and not lx.TRIGGER_RE.search(before)
        and not any(c.isdigit() for c in before)
        and not _EVENT_CLAUSE_RE.search(before)
        and not lx.TRIGGER_RE.search(m.group(0))
        and not any(c.isdigit() for c in m.group(0))
    )


#: The day a running total is told up to: "As of Monday, 3,075 had been arrested".
_AS_OF_RE = re.compile(r"\b(?:as of|as at|up to|up until|by)\s+$", re.IGNORECASE)


def _as_of(d: DateMention) -> DateMention:
    """A day a running total is told up to: on or before it, from the operation's start when
    the article gives one (resolve)."""
    if d.precision != "day":
        return d
    return replace(
        d,
        period_start=None,
        precision="on_or_before",
        up_to=True,
        note=f"'as of {d.phrase}': a total up to that day",
    )


#: "since the end of June": from the month's last day.
_END_OF_RE = re.compile(r"\bend\s+(?:of\s+)?$", re.IGNORECASE)


def _since(d: DateMention, before: str, pub: Publication) -> DateMention:
    """A day or month that a 'since ...' clause starts: the span from it to publication."""
    since = _SINCE_CLAUSE_RE.search(before.lower()) if d.precision in ("day", "month") else None
    if since is None or _DATED_WORD_RE.search(since.group(0)[5:]):
        # "confined since May landed on Wednesday": the since clause has its own date
        return d
    start = d.period_start or d.period_end
    if d.precision == "month" and _END_OF_RE.search(before):
        # "since the end of June": from its last day
        start = d.period_end
    if start >= pub.until:
        return d
    return DateMention(
        d.start,
        d.end,
        d.phrase,
        start,
        pub.until,
        "range",
        to_publication=True,
        note=f"'since ... {d.phrase}' runs to publication",
    )


_LISTED_RE = re.compile(r"(?:\s+[A-Za-z'\u2019-]+){0,4}?\s*(?:,|,?\s+and)\s+")
#: The same, further apart, for a member that says it adds to the one before ("and 53 more").
_FAR_LISTED_RE = re.compile(
    r"(?:\s+[A-Za-z'\u2019-]+){0,12}?\s*,?\s+and\s+(?:another\s+|a\s+further\s+)?"
)
#: The same after a comma, for a member with a time of its own ("212 arrested in Kampot this
#: morning, 380 since Friday").
_FAR_COMMA_RE = re.compile(r"(?:\s+[A-Za-z'\u2019-]+){0,8}?\s*,\s+")
#: A line that opens on its number: nothing before it but a list mark or a qualifier.
_CAPTION_OPENER_RE = re.compile(r"\s*(?:[-*\u2022\u2013\u2014]|\d{1,2}[.)])?\s*")
#: The caption after such a number: "- Members of a ring indicted ...", ": foreigners deported".
#: Layout read as spaces (`text.readable`) leaves two or more; "2,300+:" keeps its colon.
_CAPTION_RE = re.compile(r"\+?(?:\s*[:\u2013\u2014]|\s-|\s{2,})\s*(?P<caption>[^\n]{3,200})")
_CAPTION_NOT_PEOPLE_RE = re.compile(
    r"(?:[\w'-]+\s+){0,2}among\s+(?:(?:those|them)\s+(?!\d)"
    rf"|the\s+(?:{'|'.join(lx.ROLE_NOUNS)})\b)"
    r"|(?:\w+\s+)?(?:nationalities|countries|provinces|compounds|sites|buildings|cities|flights"
    r"|raids|operations|batches|groups|phones|computers)\b"
)
#: The words that name a whole by its action: "from among those arrested", "of those held".
_AMONG_THOSE_BEFORE_RE = re.compile(r"\b(?:among|of|out of)\s+(?:all\s+)?(?:those|the)\s+$")
#: A preposition that ties a number to the noun before it: "requests concerning 330 Koreans".
_CONCERNING_RE = re.compile(r"\b(?:concerning|regarding|involving|relating to|on behalf of)\s+$")
#: An arrest or a detention asked for: "sought arrest warrants for", "requested detention of".
_REQUESTED_FOR_RE = re.compile(
    r"\b(?:sought|seeks?|seeking|requested|requests?|requesting|applied\s+for|apply\s+for"
    r"|asked\s+for|asking\s+for)\s+(?:[a-z]+\s+){0,2}?(?:warrants?|arrest|detention)"
    r"\s+(?:[a-z]+\s+){0,2}?(?:for|of|against)\s+$"
)
#: People named before a verb that gives their share: "Cambodians accounted for 101".
_MADE_UP_RE = re.compile(
    r"(?:^|,\s*|\band\s+)(?P<who>[A-Za-z]+(?:\s+[a-z]+)?)\s+(?:made\s+up|make\s+up|makes\s+up"
    r"|accounted\s+for|account\s+for|accounts\s+for|numbered|number)\s+$"
)
#: Where people were, not who they are: "Citizens received from Cambodia".
_WHERE_CAMBODIA_RE = re.compile(r"\b(?:from|in|out of|across)\s+Cambodia\b")
#: An action named before the people it counts: "the deportation on 27 March of 54".
_ACTION_OF_BEFORE_RE = re.compile(
    r"\b(?:deportations?|arrests?|repatriations?|rescues?|expulsions?|returns?|releases?)\b"
    # a date may stand between ("the deportation on 27 March of 54"), a part may not ("arrest
    # warrants for 58 of the 64 Koreans flown back")
    r"(?:(?![\d,]+\s+of\b)[^,.;]){0,30}\bof\s+(?:[a-z]+\s+){0,2}$"
)
#: More countries after the first: ", Bangladesh", " and Vietnam".
_COUNTRY_LIST_RE = re.compile(r"\s*(?:,|,?\s+and|,?\s+or)\s+[A-Z][a-z]+")
#: A participle right after the people, describing them: " deported from Cambodia".
_PARTICIPLE_AFTER_RE = re.compile(
    r"\s+(?:[a-z]+ed|held|flown|sent|taken|brought|caught|freed|kept)\s+(?:from|in|at|by|to)\b"
)
_AMONG_THEM_AFTER_RE = re.compile(
    r"\s+(?:are|were|is|was)\s+(?:also\s+)?among\s+(?:them|those|these)\b", re.IGNORECASE
)
#: A label that says its number is a part: "Of whom women: 537", "Among them, Chinese: 606".
_PART_LABEL_RE = re.compile(r"\s*(?:of\s+whom|of\s+which|among\s+them|among\s+whom)\b", re.I)
#: What ends a list member before a date could be its own: a comma, "and", another number.
_MEMBER_END_RE = re.compile(r",|;|\band\b|\d")
#: "53 more", "another 53": a member of a list that adds to the one before.
_ELLIPTIC_MORE_RE = re.compile(r"\s+(?:more|others|further)\b")
_ELLIPTIC_ANOTHER_RE = re.compile(r"\b(?:another|a\s+further)\s+$", re.IGNORECASE)
_SUBJECT_RE = re.compile(r"\w+(?:\s+\w+)?")


def _noun_phrase(after: str) -> tuple[str, str, int]:
    """The counted noun after a number: (head word lower-cased or '', subject text, end offset)."""
    pos = 0
    last_demonym: tuple[str, int] | None = None
    partitive_seen = False
    words = 0
    first = True
    while words < 6:
        m = _TOKEN_RE.match(after, pos)
        if not m or m.group("word") is None:
            break
        low = m.group("word").lower()
        if first and low == "of":
            partitive = _PARTITIVE_RE.match(after, m.end())
            if partitive:
                partitive_seen = True
                pos = partitive.end()
                first = False
                continue
        first = False
        if low in _EVENT_NOUNS:
            return low, after[: m.end()].strip(), m.end()
        if low in _NP_STOP or lx.TRIGGER_RE.fullmatch(low):
            break
        two = _NEXT_WORD_RE.match(after, m.end())
        if two is not None and f"{low} {two.group(1).lower()}" in lx.NATIONALITIES:
            last_demonym = (f"{low} {two.group(1).lower()}", two.end())
            pos = two.end()
            words += 2
            continue
        if partitive_seen and low in _COLLECTIVES:
            # "59 of the group": people of a group counted before
            return "people", after[: m.end()].strip(), m.end()
        if low in lx.NOT_COUNTED_NOUNS and _people_ahead(after, m.end()):
            # "9 compound bosses", "40 casino workers": the place names who they are
            pos = m.end()
            words += 1
            continue
        if low in lx.PEOPLE_NOUNS:
            # "75 alleged ringleaders and accomplices sent to court": one group of people
            joined = (r.match(after, m.end()) for r in _AND_PEOPLE_RES)
            end = next((j.end() for j in joined if j and j.group(1) in lx.PEOPLE_NOUNS), m.end())
            return low, after[:end].strip(), end
        if low in lx.CASE_NOUNS or low in lx.NOT_COUNTED_NOUNS:
            return low, after[: m.end()].strip(), m.end()
        if _AGENT_NOUN_RE.fullmatch(low) and low not in lx.NOT_COUNTED_NOUNS:
            # "organisers", "recruiters", "accountants": nouns for people by what they do
            return low, after[: m.end()].strip(), m.end()
        # "45 Zambians": a people named by a word the lists may not know
        named = low in lx.NATIONALITIES or (
            m.group("word")[:1].isupper()
            and _DEMONYM_RE.fullmatch(low) is not None
            and low not in lx.NOT_COUNTED_NOUNS
        )
        if not named and last_demonym is not None and not _people_ahead(after, pos):
            # "63 South Koreans remain": the people's name ends the noun phrase, unless a noun
            # for people follows it ("29 Japanese fraud suspects", "41 Chinese scam workers")
            break
        last_demonym = (low, m.end()) if named else None
        pos = m.end()
        words += 1
    if last_demonym:
        return last_demonym[0], after[: last_demonym[1]].strip(), last_demonym[1]
    return "", "", 0


#: A second noun for people joined to the first: "ringleaders and accomplices".
_AND_PEOPLE_RES = (
    re.compile(r"\s+and\s+([a-z]+)\b"),
    re.compile(r"\s+and\s+[a-z-]+\s+([a-z]+)\b"),  # "and their accomplices"
)


def _people_ahead(after: str, pos: int) -> bool:
    """Whether one or two lower-case words from `pos` end in a noun for people ("fraud
    suspects", "online scam workers"), not in a verb or a preposition ("remain", "in")."""
    for _ in range(3):
        m = _TOKEN_RE.match(after, pos)
        if not m or m.group("word") is None or not m.group("word").islower():
            return False
        low = m.group("word")
        if low in lx.PEOPLE_NOUNS:
            return True
        if low in _NP_STOP or lx.TRIGGER_RE.fullmatch(low) or low in lx.NOT_COUNTED_NOUNS:
            return False
        if low.endswith("ing") and low not in _ING_NOUNS:
            # "three charter flights carrying suspects": the flights carry them
            return False
        pos = m.end()
    return False


#: Words in -ing that name a kind of crime or place, not an action: "phishing suspects".
_ING_NOUNS = frozenset(
    {
        "gambling",
        "phishing",
        "trafficking",
        "building",
        "dating",
        "laundering",
        "betting",
        "hacking",
        "smuggling",
        "housing",
        "gaming",
        "recruiting",
    }
)


def nationality_of(text: str) -> str:
    """The ISO code of the one nationality `text` names ('' for none or several)."""
    codes = {lx.NATIONALITIES[m.group(0)] for m in lx.NATIONALITY_RE.finditer(text.lower())}
    return codes.pop() if len(codes) == 1 else ""


def sex_of(text: str) -> str:
    """'female' or 'male' when `text` names people of one sex, else 'all'."""
    for word in _LETTERS_RE.findall(text.lower()):
        if word in lx.SEX_BY_NOUN:
            return lx.SEX_BY_NOUN[word]
    return "all"


def _trigger_ok(metric: str, word: str, unit: str, *, passive: bool) -> bool:
    if unit == "cases" and metric in ("arrested", "detained", "deported", "repatriated", "rescued"):
        return False
    if word == "accused" and not passive:
        return False
    if word in lx.NOUN_TRIGGERS and passive:
        return False
    if word == "tried" and not passive:
        return False
    if word == "lost" and unit != "usd":
        return False
    return not (metric == "defrauded" and unit == "people" and not passive)


def _closes_relative(pre: str, verb_end: int) -> bool:
    """Whether an auxiliary after the relative clause's verb (which ends at `verb_end` in
    `pre`) opens the main clause rather than a second verb joined by 'and' or 'or'."""
    m = _NEW_AUX_RE.search(pre, verb_end)
    return m is not None and (m.group("before") or "") not in ("and", "or", "who", "which", "that")


def _tense(clause: str) -> str:
    # the tense of the clause, not of a relative clause set off inside it
    clause = _RELATIVE_SPAN_RE.sub(lambda m: " " * len(m.group(0)), clause)
    if _PAST_PERFECT_RE.search(clause):
        return "past_perfect"
    if _PRESENT_PERFECT_RE.search(clause):
        return "present_perfect"
    if _PRESENT_STATE_RE.search(clause):
        return "present"
    return "simple"


_WHY = {
    "date": "part of a date",
    "one": "'one' or zero: not a count",
    "year": "a year",
    "size": "an age, a duration, a size, a share or a rate",
    "age": "an age or an identifier",
    "time": "a time of day",
    "currency": "money in another currency",
    "range": "one end of a range",
    "reference": "the whole a part is counted from ('14 of the 16'), a figure told before",
    "vague": "an amount with no value ('several thousand')",
}
#: A relative clause about a thing, opened after a verb: ", which ...", ", where ...".
_WHICH_RE = re.compile(r",\s*(?:which|where|whose)\b")
#: A scale word with no number of its own: "several thousand", "a few hundred".
_VAGUE_BEFORE_RE = re.compile(r"\b(?:several|a few|few|many|some|tens of|hundreds of)\s+$")
#: Between a part and the whole it is counted from: "14 of the 16", "Eleven of those 23".
_PART_OF_THE_RE = re.compile(r"\s+of\s+(?:the|those|these)\s+")
#: People told before, named by their number alone after a preposition: "handed to the 19."
_TO_THE_RE = re.compile(r"\b(?:to|for|of|among|with|against|on)\s+(?:the|those|these)\s+$")
_ENDS_HERE_RE = re.compile(r"\s*(?:[.,;:)!?]|$)")
#: A correction: what an earlier version said is withdrawn ("An earlier version said 79").
_CORRECTION_RE = re.compile(
    r"\b(?:earlier|previous|original|first) (?:version|report|story)\b|\bincorrectly\b|\bwrongly\b"
)
_CORRECT_RE = re.compile(r"\bcorrect(?:ed)?\s+(?:the\s+)?(?:figure|number|total|count|tally)\b")


def _withdrawn_end(s: str) -> int:
    """The end of the part of a correction that tells the withdrawn figure (0 when none)."""
    low = s.lower()
    m = _CORRECTION_RE.search(low)
    if not m:
        return 0
    correct = _CORRECT_RE.search(low, m.end())
    return correct.start() if correct else len(s)


_DOZEN_RE = re.compile(
    r"\b(?:(?P<k>a|one|two|three|four|five|six|half a)\s+)?dozen\b(?!s)", re.IGNORECASE
)
_DOZENS = {"a": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6, "half a": 0.5}
_BETWEEN_RE = re.compile(r"\b(?:between|from)\s+$", re.IGNORECASE)
_RANGE_JOIN_RE = re.compile(r"^\s*(?:and|to|-|\u2013)\s*$")
_BARE_RANGE_JOIN_RE = re.compile(r"^(?:\s+to\s+|\s*(?:-|\u2013)\s*)$")
_WORD_AFTER_RE = re.compile(r"\s+[A-Za-z]")


@dataclass(frozen=True)
class RangeMention(NumberMention):
    """ "Between 40 and 50": one number, the midpoint, with its two ends."""

    low: float = 0
    high: float = 0


_PLUS_AFTER_RE = re.compile(r"(?:-plus\b|\+|\s+plus\s+(?=[a-z]))", re.IGNORECASE)
_SCALE_AFTER_RE = re.compile(r"(m|mn|bn|b|k)\b", re.IGNORECASE)
_SCALES = {"m": 1e6, "mn": 1e6, "b": 1e9, "bn": 1e9, "k": 1e3}


def _scaled(n: NumberMention, s: str) -> NumberMention:
    """'$20m', '$1.2bn', '$500k': a sum with its scale written as a letter."""
    m = _SCALE_AFTER_RE.match(s, n.end)
    if not m:
        return n
    return replace(
        n, value=n.value * _SCALES[m.group(1).lower()], end=m.end(), text=s[n.start : m.end()]
    )


_SCALE_WORD_RE = re.compile(r"\b(?:thousand|million|billion)\b", re.IGNORECASE)
_SCALE_WORDS = {"thousand": 1e3, "million": 1e6, "billion": 1e9}


def numbers_in(s: str) -> list[NumberMention]:
    """Every number in `s`: digits and words, "a dozen" (12), "two dozen" (24), and a range
    "between 40 and 50" as one number (45) with its ends."""
    found = [_scaled(n, s) if n.currency else n for n in find_numbers(s)]
    for m in _DOZEN_RE.finditer(s):
        k = _DOZENS[(m.group("k") or "a").lower()]
        found = [n for n in found if not (m.start() <= n.start < m.end())]
        found.append(NumberMention(12 * k, m.start(), m.end(), m.group(0), spelled_out=True))
    found.sort(key=lambda n: n.start)
    found = _written_twice(found, s)
    out: list[NumberMention] = []
    i = 0
    while i < len(found):
        a = found[i]
        b = found[i + 1] if i + 1 < len(found) else None
        # "from 15 to 20 million": the scale told once is both ends'
        scale = _SCALE_WORD_RE.search(b.text) if b is not None else None
        low = a.value
        if scale and not _SCALE_WORD_RE.search(a.text) and a.value < 1000:
            low = a.value * _SCALE_WORDS[scale.group(0).lower()]
        if (
            b is not None
            and (not a.currency or a.currency == b.currency)
            and (
                (
                    _BETWEEN_RE.search(s[max(0, a.start - 10) : a.start])
                    and _RANGE_JOIN_RE.match(s[a.end : b.start])
                )
                # "40 to 50 people", "some 40-50 workers": an estimate of one count
                or (
                    _BARE_RANGE_JOIN_RE.match(s[a.end : b.start])
                    and _WORD_AFTER_RE.match(s[b.end : b.end + 3])
                    and b.value <= 3 * low
                )
            )
            and low < b.value
            and not _YEAR_DIGITS_RE.fullmatch(a.text)
        ):
            value = float((low + b.value) // 2)
            out.append(
                RangeMention(
                    value, a.start, b.end, s[a.start : b.end], b.currency, False, low, b.value
                )
            )
            i += 2
            continue
        out.append(a)
        i += 1
    return out


#: The country of citizens told after them: "nationals of the Republic of Korea".
_OF_COUNTRY_RE = re.compile(r"\s+of\s+(?:the\s+)?((?:[A-Z][\w'-]*\s*(?:of\s+)?){1,4})")


def _written_twice(found: list[NumberMention], s: str) -> list[NumberMention]:
    """A number in words with its digits after it, "sixty-four (64)", as one number."""
    out: list[NumberMention] = []
    for n in found:
        last = out[-1] if out else None
        if (
            last is not None
            and last.spelled_out
            and n.value == last.value
            and s[last.end : n.start] == " ("
            and s[n.end : n.end + 1] == ")"
        ):
            out[-1] = replace(last, end=n.end + 1, text=s[last.start : n.end + 1])
            continue
        out.append(n)
    return out


_OWN_PLACE_RE = re.compile(
    r"(?:\s+[A-Za-z'\u2019-]+){0,3}?\s+(?:from|in|out of)\s+(?:the\s+)?"
    r"(?:(?P<abroad>Myanmar|Burma|Laos|Myawaddy|Shwe Kokko|KK Park)|(?P<home>Cambodia|"
    + "|".join(re.escape(p) for p in lx.PLACES)
    + r"))\b"
)
_CORRECTED_NOT_RE = re.compile(r"\d[\w\s]{0,25},?\s+(?:and\s+)?not\s+$")


def _cased(text: str) -> str:
    """A headline in capitals ("LAOS DETAINS 771") in title case, for place names to match."""
    letters = [c for c in text if c.isalpha()]
    if letters and sum(c.isupper() for c in letters) > 0.8 * len(letters):
        # "FREED IN MYAWADDY": "freed in Myawaddy", prepositions as written in a sentence
        return _SMALL_WORDS_RE.sub(lambda m: m.group(0).lower(), text.title())
    return text


_SMALL_WORDS_RE = re.compile(r"\b(?:In|On|At|Of|From|To|Via|And|For|By|Near)\b")


#: A country's name used for its people: "Myanmar nationality", "Thai citizens".
_PEOPLE_OF_RE = re.compile(r"\b[A-Z][a-z]+\s+(?:nationality|nationals|citizens|passport holders)\b")


#: Where people come from, told after them: "eight came from Myanmar", ", from Vietnam and Laos,".
#: A country, not a town of the compounds ("came from Myawaddy" is where they were held).
_COUNTRY = r"(?!Myawaddy|Shwe|KK\b)[A-Z][a-z]+"
_CAME_FROM_RE = re.compile(
    rf"\b(?:came|come|comes|were|are|was|is|hail(?:ed|s)?)\s+from\s+{_COUNTRY}"
    rf"|,\s*from\s+{_COUNTRY}(?:(?:,\s*|\s+and\s+){_COUNTRY})*\s*,"
    # "Another 30 people, most of them from Myanmar, have been deported": who they are
    rf"|,\s*(?:all|most|many|some|several|half)\s+of\s+(?:them|whom)\s+from\s+{_COUNTRY}"
    # "312 people from Thailand, Bangladesh, Myanmar and Vietnam": three countries or more are
    # where people are from ("from Myanmar and Laos" may be where they were)
    rf"|\bfrom\s+{_COUNTRY}(?:,\s*{_COUNTRY})+,?\s+and\s+{_COUNTRY}"
)


#: A country that takes its own people back, after its name: "Laos takes back 52 workers".
_TAKES_BACK_RE = re.compile(
    r"\s+(?:takes?\s+back|took\s+back|receives?|received|welcomes?|welcomed|brings?\s+home"
    r"|brought\s+home|repatriates?|repatriated)\b",
    re.IGNORECASE,
)


def _abroad(s: str, n: NumberMention) -> bool:
    """Whether the number is told about another country's compounds: a foreign place near it
    and no Cambodian one in the sentence, or a foreign compound place named after the last
    Cambodian one before it ("along the Myanmar border, from where 621 ... were flown home")."""
    if re.search(rf"{_PEOPLE_OF_RE.pattern}\s*$", s[max(0, n.start - 40) : n.start]):
        return False
    # "eight came from Myanmar", "27, from Vietnam, China and Myanmar,": where they are from
    s = _CAME_FROM_RE.sub(lambda m: " " * len(m.group(0)), s)
    near = s[max(0, n.start - _TAIL) : n.end + _TAIL]
    # "Myanmar nationality 5 persons", "Myanmar citizens": who the people are, not where
    near = _PEOPLE_OF_RE.sub(" ", near)
    if lx.OTHER_COUNTRY_RE.search(_cased(near)) and not lx.CAMBODIA_RE.search(_cased(s)):
        return True
    # "1,000 from Myanmar and 600 from Cambodia": the place told right after it is its own
    # unless Cambodia is told before it ("Cambodia deported 90, 60 from Thailand and 30 from
    # Laos": where they are from, not where they were)
    cased = _cased(s)  # "FREED IN MYAWADDY": places in capitals are places too
    own = _OWN_PLACE_RE.match(cased, n.end)
    if own and (own.group("home") or not lx.CAMBODIA_RE.search(cased, 0, n.start)):
        return own.group("abroad") is not None
    places = [
        p
        for p in lx.COMPOUND_PLACE_RE.finditer(cased, 0, n.start)
        # "Laos takes back 52 workers": the country its people come home to
        if not _TAKES_BACK_RE.match(cased, p.end())
    ]
    if not places or places[-1].group("abroad") is None:
        return False
    # "in Cambodia, Myanmar and Laos": one list of countries, Cambodia among them
    homes = [p for p in places if p.group("home")]
    return not homes or places[-1].start() - homes[-1].end() > 30


#: A time of day: "7:12", "14:05".
_CLOCK_RE = re.compile(r"[:.]\d{2}\b(?!,\d)")
_CLOCK_BEFORE_RE = re.compile(r"\b\d{1,2}:$")
#: A time written with a full stop ("at 16.20"), after "at", "by", "around" or "until".
_CLOCK_DECIMAL_RE = re.compile(r"(?:[01]?\d|2[0-3])\.[0-5]\d")
_AT_BEFORE_RE = re.compile(r"\b(?:at|by|around|until|before|after)\s+(?:about\s+)?$", re.IGNORECASE)
#: A decade of age: "in their 20s".
_DECADE_RE = re.compile(r"'?s\b")
#: "one of them a woman", "one is a man": a count of one sex, told in a word.
_ONE_OF_A_SEX_RE = re.compile(
    r"\s+(?:of\s+(?:them|whom|those)\s+)?(?:is\s+|was\s+|being\s+)?(?:an?\s+)?"
    r"(?:woman|man|female|male|girl|boy|minor|child)\b",
    re.IGNORECASE,
)
#: "one is Malaysian", "one was a Lao national": who the last of a list of parts is.
_ONE_IS_OF_RE = re.compile(r"\s+(?:is|was)\s+(?:an?\s+)?[A-Z][a-z]+\b")
#: One person named as such, a count like any other: "only one person has been charged".
_ONE_PERSON_RE = re.compile(
    r"\s+(?:[A-Z][\w'\u2019-]*\s+|(?:more|other|further|additional)\s+)?"
    r"(?:person|man|woman|suspect|national|citizen|foreigner|supervisor|manager|ringleader"
    r"|recruiter|trafficker|boss|defendant|victim|worker)\b"
    # "one woman said she had been beaten": a witness, not a count
    r"(?!,?\s+(?:\w+\s+)?(?:said|says|told|recalled|described|added|explained)\b)"
)
#: A share told as "1 in 4", "one in five".
_ONE_IN_RE = re.compile(r"\s+in\s+(?:\d+|two|three|four|five|six|seven|eight|nine|ten)\b")
_ONE_IN_BEFORE_RE = re.compile(r"\b(?:1|one)\s+in\s+$", re.IGNORECASE)


def _not_a_figure(s: str, n: NumberMention, masks: list[tuple[int, int]], ages: list[int]) -> str:
    """Why number `n` of sentence `s` is not a figure, or '' when it may be one."""
    if any(a < n.end and n.start < b for a, b in masks):
        return "date"
    if (
        n.value == 0
        or (
            n.spelled_out
            and n.value == 1
            # "..., one of them a woman": a part of the people just counted
            and not (
                re.search(r"(?:,|\band)\s*$", s[: n.start]) and _ONE_OF_A_SEX_RE.match(s[n.end :])
            )
            # "only one person has been charged", "one Cambodian supervisor was arrested"
            and not _ONE_PERSON_RE.match(s[n.end :])
            # "eight are Chinese, two are Cambodian and one is Malaysian": the list's last part
            and not (re.search(r"\band\s*$", s[: n.start]) and _ONE_IS_OF_RE.match(s[n.end :]))
        )
    ):
        return "one"
    if (
        n.spelled_out
        and n.text.lower() in ("hundred", "thousand", "million", "billion")
        and _VAGUE_BEFORE_RE.search(s[: n.start].lower())
    ):
        return "vague"
    digits = n.text.lstrip("$US ")
    if not n.currency and _YEAR_DIGITS_RE.fullmatch(digits):
        return "year"
    after, before = s[n.end : n.end + 40], s[max(0, n.start - 30) : n.start]
    if lx.NOT_A_FIGURE_AFTER_RE.match(after) or _RANGE_EACH_RE.match(after):
        return "size"
    if (n.value == 1 and _ONE_IN_RE.match(after)) or _ONE_IN_BEFORE_RE.search(before):
        return "size"
    if lx.NOT_A_FIGURE_BEFORE_RE.search(before):
        return "age"
    if _CLOCK_RE.match(after) or _CLOCK_BEFORE_RE.search(before):
        return "time"
    if not n.currency and _CLOCK_DECIMAL_RE.fullmatch(n.text) and _AT_BEFORE_RE.search(before):
        # "arrived at Soekarno-Hatta at 16.20 Western Indonesia Time"
        return "time"
    if _DECADE_RE.match(after):
        # "men in their 20s and 30s"
        return "age"
    if ages and _AGE_CHAIN_RE.match(s[ages[-1] : n.start]):
        return "age"
    if lx.OTHER_CURRENCY_RE.match(after):
        return "currency"
    if not n.currency and _DASH_RANGE_RE.match(after):
        return "range"
    return ""


def read_sentence(
    sentence: Sentence,
    pub: Publication,
    earlier: list[Figure],
    previous: str = "",
    dated_before: str = "",
) -> SentenceReading:
    """The figures of one sentence; `earlier` are the article's figures before it, `previous`
    the sentence before it, `dated_before` the last sentence before it that named a day."""
    s = sentence.text
    # a line in capitals ("1,210 DEPORTED SINCE JANUARY") is dated as it would be written
    shouted = s.title() if s.isupper() and len(s.title()) == len(s) else s
    found_dates, spans = read_dates(shouted, pub)
    if _OFFSET_CUE_RE.search(s):
        offsets = _offset_dates(s, found_dates, previous, pub, dated_before)
        found_dates = sorted(found_dates + offsets, key=lambda d: d.start)
        spans = spans + [(d.start, d.end) for d in offsets]
    all_dates = [d for d in found_dates if d.start >= sentence.dateline_end]
    dates: list[DateMention] = []
    for d in all_dates:
        before = s[max(0, d.start - _TAIL) : d.start]
        if _AS_OF_RE.search(before):
            # "As of Monday, the government said ...": never the day of a statement
            dates.append(_as_of(d))
            continue
        statement = (
            d.precision == "day" or _RELATIVE_NOW_RE.fullmatch(d.phrase.lower().strip())
        ) and (
            _told(before.lower())
            or _tells(s[sentence.dateline_end : d.start].lower(), s[d.end : d.end + _TAIL].lower())
        )
        if not statement and not _FUTURE_WORD_RE.search(s[max(0, d.start - 40) : d.start]):
            dates.append(_since(d, before, pub))
    masks = spans + ([(0, sentence.dateline_end)] if sentence.dateline_end else [])
    numbers: list[NumberMention] = []
    ages: list[int] = []
    set_aside: list[tuple[NumberMention, str]] = []
    withdrawn_end = _withdrawn_end(s)
    for n in numbers_in(s):
        why = _not_a_figure(s, n, masks, ages)
        if not why and (
            n.end <= withdrawn_end or _CORRECTED_NOT_RE.search(s[max(0, n.start - 40) : n.start])
        ):
            # "which is 215, not 251", "45 people, not 54 as previously reported"
            why = "withdrawn by a correction"
        if not why and _abroad(s, n):
            why = _ABROAD
        if (
            not why
            and (
                (numbers and _PART_OF_THE_RE.fullmatch(s[numbers[-1].end : n.start]))
                # "years in prison handed to the 19."
                or (
                    _TO_THE_RE.search(s[max(0, n.start - 20) : n.start])
                    and _ENDS_HERE_RE.match(s[n.end :])
                )
            )
            and any(f.value == n.value for f in earlier)
        ):
            why = "reference"
        if why == "age":
            ages.append(n.end)
        if why:
            set_aside.append((n, _WHY.get(why, why)))
        else:
            numbers.append(n)
    figures: list[Figure] = []
    latent: list[Figure] = []
    lower = s.lower()
    part_sentence = not sentence.headline and bool(lx.PART_SENTENCE_RE.search(lower))
    for i, n in enumerate(numbers):
        figure = _read_number(
            sentence,
            n,
            numbers[:i],
            numbers[i + 1 :],
            dates,
            figures,
            part_sentence,
            previous,
            next((f for f in reversed(figures + earlier) if f.metric), None),
            [a for a, why in set_aside if why == _ABROAD and a.start < n.start],
        )
        if not isinstance(figure, str) and figure.own_date is None and _ANSWER_NOTE in figure.notes:
            # the question dates its answer: "How many were deported this year? About 4,100"
            figure.own_date = next(iter(_question_dates(previous, pub)), None)
        if isinstance(figure, str):
            set_aside.append((n, figure))
        elif figure.metric is None and not (
            figure.part_before or figure.part_sentence or figure.comparison
        ):
            set_aside.append((n, _NO_ACTION))
            latent.append(figure)
        else:
            figures.append(figure)
    # "97 Chinese and 41 Thais had been detained": a member with no verb of its own takes the
    # verb told after the list's last member
    for a in sorted(latent, key=lambda f: -f.number.start):
        b = min(
            (f for f in figures if f.number.start > a.number.start),
            key=lambda f: f.number.start,
            default=None,
        )
        between = s[a.number.end : b.number.start] if b is not None else ""
        if (
            b is not None
            and b.metric is not None
            and b.metric_note.endswith("after it")
            and _LISTED_RE.fullmatch(_DIGITS_RE.sub("x", between) + " ")
            and not _VERB_BETWEEN_RE.search(between.lower())
        ):
            a.metric, a.trigger_at, a.unit = b.metric, b.trigger_at, a.unit or b.unit
            a.metric_note = f"metric from the verb it shares with the {b.number.text} after it"
            a.own_date = a.own_date or b.own_date
            latent.remove(a)
            figures.append(a)
            set_aside = [(n, why) for n, why in set_aside if n is not a.number]
    figures.sort(key=lambda f: f.number.start)
    # "18 men and 4 women, were charged": the first of a list takes the verb the last one has
    for a, b in reversed(list(itertools.pairwise(figures))):
        if (
            a.metric is None
            and b.metric is not None
            and _LISTED_RE.fullmatch(s[a.number.end : b.number.start] + " ")
            and not _VERB_BETWEEN_RE.search(s[a.number.end : b.number.start].lower())
        ):
            a.metric, a.metric_note = b.metric, f"metric from '{b.number.text}' in the same list"
            a.trigger_at = b.trigger_at
            if a.own_date is None:
                a.own_date = b.own_date
    figures, set_aside = _breakdowns(s, figures, set_aside, dates)
    _total_of_days_before(figures)
    if figures and _OF_THE_WHOLE_RE.match(lower) and figures[0].number.start < 40:
        head = figures[0]
        told = next((f for f in reversed(earlier) if f.value == head.value and f.metric), None)
        if told is not None and len(figures) > 1:
            # "Of the 460, 153 were Vietnamese": the 460 told before, not a new figure; the
            # numbers after it are its parts
            figures = figures[1:]
            set_aside.append((head.number, f"the {head.number.text} told before, named again"))
            for f in figures:
                f.part_before, f.part_sentence = False, False
                if f.parent is None or f.parent is head:
                    f.parent = told
                    _inherit(f, told)
        else:
            head.part_sentence = False
            for f in figures[1:]:
                f.part_before = True
    _attach_within_sentence(figures, earlier)
    return SentenceReading(
        sentence, dates, figures, sorted(set_aside, key=lambda x: x[0].start), latent
    )


#: A day told by its distance from another: "a day later", "the previous day", "two days after".
_OFFSET_CUE_RE = re.compile(
    r"\b(?:later|after|afterwards|following|next|previous|preceding|before|earlier|same day)\b"
)
_OFFSET_RE = re.compile(
    r"\b(?:(?P<n>a|one|two|three|four|five|six|\d{1,2})\s+days?\s+(?P<dir1>later|after(?:wards)?|earlier|before)"
    r"|the\s+(?P<dir2>following|next|previous|preceding)\s+day"
    r"|the\s+day\s+(?P<dir3>before|after)|the\s+(?P<same>same)\s+day)\b",
    re.IGNORECASE,
)
_BACKWARD = frozenset({"earlier", "before", "previous", "preceding"})


def _offset_dates(
    s: str, found: list[DateMention], previous: str, pub: Publication, dated_before: str = ""
) -> list[DateMention]:
    """Days told by their distance from the last day named before them, in the sentence or in
    the one before it ("Police raided a compound on October 3. A day later, they arrested 40"),
    the day a statement was made included ("said on Wednesday ... the previous day")."""
    out: list[DateMention] = []
    earlier_days: list[DateMention] | None = None
    for m in _OFFSET_RE.finditer(s):
        if any(0 <= m.start() - d.end <= 3 for d in found):
            # "on Saturday, a day after officials met": said of the day just named
            continue
        days = [d for d in found if d.precision == "day" and d.end <= m.start()]
        if not days:
            if earlier_days is None:
                # the sentence before, or else the last one that named a day
                earlier_days = next(
                    (
                        days_in
                        for text in (previous, dated_before)
                        if (
                            days_in := [d for d in read_dates(text, pub)[0] if d.precision == "day"]
                        )
                    ),
                    [],
                )
            days = earlier_days
        if not days:
            continue
        direction = (m.group("dir1") or m.group("dir2") or m.group("dir3") or "").lower()
        n = m.group("n")
        count = (
            1
            if not n or n.lower() in ("a", "one")
            else int(n)
            if n.isdigit()
            else ({"two": 2, "three": 3, "four": 4, "five": 5, "six": 6}[n.lower()])
        )
        step = 0 if m.group("same") else -count if direction in _BACKWARD else count
        day = days[-1].period_end + timedelta(days=step)
        if day > pub.until:
            continue
        out.append(
            DateMention(
                m.start(),
                m.end(),
                m.group(0),
                day,
                day,
                "day",
                note=f"'{m.group(0)}' from {days[-1].phrase.strip()}",
                offset=True,
            )
        )
    return out


def _question_dates(question: str, pub: Publication) -> list[DateMention]:
    """The dates of a question that are not when something was told."""
    return [
        d
        for d in read_dates(question, pub)[0]
        if not _told(question[max(0, d.start - _TAIL) : d.start].lower())
    ]


def _read_number(
    sentence: Sentence,
    n: NumberMention,
    before_numbers: list[NumberMention],
    after_numbers: list[NumberMention],
    dates: list[DateMention],
    figures: list[Figure],
    part_sentence: bool,
    previous: str = "",
    last_figure: Figure | None = None,
    abroad_before: list[NumberMention] | None = None,
) -> Figure | str:
    s = sentence.text
    qualifier, qualifier_text, q_start = _qualifier(s[: n.start])
    head, subject, np_len = _noun_phrase(s[n.end :])
    np_end = n.end + np_len
    # "of them male 61 persons and female 6 persons": the sex told before the number
    sex_before = _SEX_BEFORE_RE.search(s[max(0, q_start - 12) : q_start].lower())
    if sex_before:
        subject = f"{sex_before.group(1)} {subject}"
    predicate = _PREDICATE_RE.match(s[np_end:])
    # "187 were Chinese and 96 were Vietnamese": the predicate ends before a conjunction
    pred_text = _TRAILING_JOIN_RE.sub("", predicate.group("pred")) if predicate else ""
    pred_people = bool(pred_text) and (
        any(w.lower() in lx.PEOPLE_NOUNS for w in pred_text.split())
        or bool(lx.NATIONALITY_RE.search(pred_text.lower()))
    )
    clause_start, clause_end = sentence.clause(n.start)
    made_up = None if head else _MADE_UP_RE.search(s[clause_start:q_start])
    if made_up and (
        made_up.group("who").lower() in lx.PEOPLE_NOUNS
        or made_up.group("who").lower() in lx.SEX_BY_NOUN
        or lx.NATIONALITY_RE.search(made_up.group("who").lower())
    ):
        # "Cambodians accounted for 101", "Women made up 212": who the people are, before
        pred_text, pred_people = made_up.group("who"), True
    if (
        head in lx.NOT_COUNTED_NOUNS
        and not n.currency
        # "76 of other nationalities": people, by where they are from
        and not (head.startswith("nationalit") and _OF_AFTER_RE.match(s, n.end))
    ):
        return f"counts {head}, not people, cases or dollars"
    # "18 of the country's 25 provinces": a part counts what its whole counts
    whole = after_numbers[0] if after_numbers else None
    if (
        whole is not None
        and _PARTITIVE_AFTER_RE.match(s[n.end : n.end + 20])
        # "39 of them women; they live in 61 provinces": "them" is the whole, told before
        and not _OF_THEM_AFTER_RE.match(s[n.end : n.end + 20])
        and whole.start - n.end <= 30
    ):
        whole_head = _noun_phrase(s[whole.end :])[0]
        if whole_head in lx.NOT_COUNTED_NOUNS:
            return f"counts {whole_head}, not people, cases or dollars"
    if n.currency:
        unit = "usd"
    elif head in lx.CASE_NOUNS:
        unit = "cases"
    elif head in _EVENT_NOUNS or head or pred_people:
        unit = "people"
    else:
        unit = ""
    part_before = bool(
        lx.PART_BEFORE_RE.search(s[max(clause_start, q_start - _TAIL) : q_start])
    ) or bool(_PARTITIVE_AFTER_RE.match(s[n.end : n.end + 20]))
    # "of which Chinese nationality 196 persons", "among which female 420", "Chinese (418)":
    # a label before the number names who, of the people counted before, it counts
    label = _LABEL_PART_RE.search(s[max(0, q_start - 40) : q_start]) or (
        _PAREN_LABEL_RE.search(s[max(0, q_start - 30) : q_start])
        if s[n.end : n.end + 2].strip().startswith(")")
        else None
    )
    if (
        label
        and label.group(0)[:1] in ",;"
        and not _PART_MARKER_RE.search(s[clause_start : label.start() + max(0, q_start - 40)])
    ):
        # "..., Vietnamese nationality 12 persons": a list of parts only after "of which",
        # "among them", "consisting of" earlier in the sentence
        label = None
    if label and (
        lx.NATIONALITY_RE.search(label.group("label").lower())
        or any(w in lx.SEX_BY_NOUN for w in label.group("label").lower().split())
    ):
        part_before = True
        if not head:
            head, unit = "people", "people"
        subject = f"{label.group('label').strip()} {subject}".strip()
    running_m = _RUNNING_TOTAL_RE.search(s[max(0, q_start - 2 * _TAIL) : q_start].lower())
    if running_m and _APPOSITIVE_TOTAL_RE.search(s[max(0, q_start - 20) : q_start].lower()):
        # "a batch of suspects, total 164 persons, were escorted back": the count of the event
        running_m = None
    if running_m is not None and running_m.group(0).strip() == "total":
        # "sentence total 23 defendants", "received total 41 cases": a translated "a total
        # of", the count of the event, no running total
        running_m = None
    running = running_m is not None
    # only a total reached ("bringing to", "the total stands at") is dated after its words;
    # "added 16 more", "took 700 into custody" count the event itself
    running_at = (
        max(0, q_start - 2 * _TAIL) + running_m.start()
        if running_m and _TOTAL_WORDS_RE.search(running_m.group(0))
        else -1
    )
    if not running and _FOR_A_TOTAL_RE.search(s[max(0, q_start - 12) : n.start].lower()):
        # "arrested 30 more on Tuesday, for a total of 3,455 since July"
        running, running_at = True, q_start
    passed = _PASSED_RE.search(s[max(0, q_start - 30) : q_start].lower())
    if passed:
        # "Deportations this year have now passed 4,000": a running total above the number
        running, running_at = True, max(0, q_start - 30) + passed.start()
        if qualifier == "exact":
            qualifier, qualifier_text = "more_than", passed.group(1)
    by_reference = _BY_REFERENCE_RE.search(s[max(0, q_start - _TAIL) : q_start].lower())
    corrected = bool(_CORRECT_RE.search(s[:q_start].lower())) or bool(by_reference)
    plus = _PLUS_AFTER_RE.match(s, n.end)
    if qualifier == "exact" and plus:
        # "1,000-plus people", "500+ workers"
        qualifier, qualifier_text = "more_than", plus.group(0).strip()
    if running and _CORRECT_RE.search(s[:q_start].lower()):
        # "The correct number is 67": a correction restates a figure, it adds to no total
        running = False
    if isinstance(n, RangeMention):
        qualifier, qualifier_text = "about", s[n.start : n.end]
    # "10 men and 14 women", "59 males": a count of one sex is a part of the people before it
    sex_part = (
        not part_before
        and (head in lx.SEX_BY_NOUN or sex_before is not None)
        and bool(before_numbers + after_numbers)
    )
    # "among them nine Chinese citizens and three Lao nationals": a list of parts
    if not part_before and figures and figures[-1].part_before and before_numbers:
        part_before = bool(_LISTED_RE.fullmatch(s[before_numbers[-1].end : q_start]))
    comparison = bool(lx.COMPARISON_BEFORE_RE.search(s[max(0, q_start - _TAIL) : q_start]))
    # "...; 300 were Chinese", "Another 40 were Vietnamese": a bare number whose predicate
    # says who the people are is a part of the people counted before it
    if head and not part_before and not sentence.headline and _AMONG_THEM_AFTER_RE.match(s, np_end):
        # "About a hundred Cambodians are also among them": a part of the people told before
        part_sentence = True
    if not head and pred_people and not part_before and not sentence.headline:
        if before_numbers:
            part_before = True
        else:
            part_sentence = True

    metric, how, trigger_at = None, "", -1
    refers = False
    adjacent = listed = answered = False
    relative_span: tuple[int, int] | None = None
    left = s[clause_start:q_start]
    # a. a verb just before the number: "deported about 300", "the arrest of 3,455"
    for m in reversed(list(lx.TRIGGER_RE.finditer(left.lower()))):
        word = m.group(0)
        if word == "held" and _PLACE_HOLDS_RE.search(left[: m.start()].lower()):
            # "The compound held about 2,000 workers": what a place holds, not a detention
            break
        reaches = bool(
            _FILLER_RE.fullmatch(left[m.end() :])
            or _NOUN_NUMBER_OF_RE.fullmatch(left[m.end() :].lower())
        )
        if reaches and lx.FUTURE_RE.search(left[max(0, m.start() - _TAIL) : m.start()].lower()):
            return "a plan, not an outcome"
        if reaches and _trigger_ok(m.lastgroup or "", word, unit or "people", passive=False):
            metric, how, trigger_at = (
                m.lastgroup,
                f"'{left[m.start() : m.end()]}' before it",
                clause_start + m.start(),
            )
            adjacent = True
        break
    # a2'. the people a flight brings in: "A chartered jet carrying 64 South Koreans who had
    # been held in Cambodia touched down at Incheon"
    landed = _LANDED_RE.search(s[np_end:clause_end].lower()) if metric is None else None
    if landed is not None and _CARRYING_RE.search(left.lower()):
        metric, how = "repatriated", f"the flight carrying them '{landed.group(0)}'"
        trigger_at = np_end + landed.start()
        # what the people's relative clause tells ("who had been held in May") is not dated
        # by the landing
        relative_span = (np_end, trigger_at)
        adjacent = True
    # a plan told after the people: "The remaining 13 are expected to follow"
    if _PLAN_AFTER_RE.match(s[np_end : np_end + 60].lower()):
        return "a plan, not an outcome"
    # a2. a verb whose particle follows the people: "picked up 59 of them", "brought 64 home"
    if metric is None and not _PLAN_BEFORE_RE.search(s[max(0, q_start - 80) : q_start].lower()):
        before_text = s[max(clause_start, q_start - 40) : q_start].lower()
        after_text = s[np_end : np_end + 90].lower()
        for verb_re, particle, name in _SPLIT_PHRASAL:
            verb = verb_re.search(
                re.sub(r"\b(?:the|all|some|another|a further)\s+$", "", before_text)
            )
            particle_at = verb and (
                re.match(
                    rf"(?:\s+of\s+(?:them|those|these))?(?:\s*,[^,]{{1,40}},)?"
                    # "put 19 Japanese men suspected of running scams on a flight home"
                    rf"(?:\s+(?:suspected|accused|wanted|linked)\s+[^,.;]{{1,40}}?(?=\s+on\s))?"
                    # "brought 127 ringleaders and managers to prosecutors"
                    rf"(?:\s+and\s+[a-z-]+)?\s*(?P<p>{particle})\b",
                    after_text,
                )
                or re.search(rf"\b(?P<p>{particle})\s+$", before_text)
            )
            if verb and particle_at:
                told = f"'{verb.group(0).strip()} ... {particle_at.group('p')}'"
                metric, how, trigger_at = name, told, q_start
                adjacent = True
                break
    # b. a passive after its noun phrase: "2,825 foreigners ... have already been deported"
    if metric is None:
        # "520 more arrested", "37 others were held": the word after the number is the people
        # "650-plus brought home"
        more = None if head else _MORE_AFTER_RE.match(s, np_end)
        np_end = more.end() if more else np_end
        right = _PARENTHETICAL_RE.sub(lambda m: " " * len(m.group(0)), s[np_end:clause_end])
        for b in after_numbers:
            rel = b.start - np_end
            if 0 <= rel < len(right) and right[rel] != " ":
                counted = {
                    m.group(1).lower()
                    for m in (_NEXT_WORD_RE.match(s, b.end), _OF_THOSE_NOUN_RE.match(s, b.end))
                    if m is not None
                }
                if _MODIFIER_NUMBER_RE.fullmatch(right[:rel].lower()) and counted & _MODIFIER_NOUNS:
                    # "3,455 suspects of 20 nationalities were arrested", "Sixty suspects in 17
                    # of those cases had been sent to court": a number inside the people's noun
                    # phrase, not a figure of the list
                    continue
                right = right[:rel]
                break
        found: list[tuple[re.Match[str], bool]] = []
        for m in lx.TRIGGER_RE.finditer(right.lower()):
            pre = right[: m.start()]
            word = m.group(0)
            if _NEGATED_RE.search(pre[-_TAIL:].lower()):
                # "Eight managers have not been deported": what did not happen counts no one
                continue
            trailing = bool(lx.TRAILING_TRIGGER_RE.fullmatch(word))
            passive = (
                not pre.strip()
                # "2,000 foreigners already deported"
                or bool(_ADVERBS_RE.fullmatch(pre.lstrip().lower()))
                or bool(lx.PASSIVE_AUX_RE.search(pre[-_TAIL:].lower()))
                or trailing
                or (
                    bool(_REDUCED_RELATIVE_RE.fullmatch(pre.lower()))
                    and bool(_PARTICIPLE_WORD_RE.match(word))
                )
            )
            if not passive or not _trigger_ok(
                m.lastgroup or "", word, unit or "people", passive=True
            ):
                # a finite verb after the noun phrase: "24 Filipinos freed ... returned home"
                verb_like = (
                    word not in lx.NOUN_TRIGGERS
                    and not _ARTICLE_END_RE.search(pre.lower())
                    # "the 45 workers he arrived with": the verb has a subject of its own
                    and not _OWN_SUBJECT_RE.search(pre.lower())
                )
                if (
                    pre.strip()
                    and verb_like
                    and not _SUBORDINATE_RE.search(pre[-_TAIL:].lower())
                    and (
                        word in _FINITE
                        # "40 people received prison sentences", "58 persons suspected of
                        # managing the operations remain in custody"
                        or word.startswith(("receiv", "remain"))
                        or (
                            not _RELATIVE_RE.search(pre.lower())
                            and any(relative for _, relative in found)
                            # "209 deported in a day, Kampot raid nets 41": after a comma, the
                            # next item of a digest, not the main verb
                            and "," not in pre[found[-1][0].end() :]
                        )
                    )
                ):
                    # "64 returnees who landed at Incheon were arrested": the verb of a
                    # relative clause describes them; the main verb after it counts
                    # ("36 Indonesians who were rescued from a compound landed at Jakarta":
                    # past the relative clause's own verb, a finite verb is the main one)
                    since = pre[found[-1][0].end() :] if found else pre
                    in_relative = bool(_RELATIVE_RE.search(since.lower())) and word in _FINITE
                    found.append((m, in_relative))
                continue
            if lx.FUTURE_RE.search(pre[-_TAIL:].lower()):
                if not found:
                    return "a plan, not an outcome"
                break
            # "held" right after the noun, or after "who had been": a description of the
            # people, not what the clause reports; the main verb after it wins
            relative = (
                not pre.strip()
                or bool(_RELATIVE_RE.search(pre.lower()))
                or bool(_SUBORDINATE_RE.search(pre[-_TAIL:].lower()))
                or bool(_REDUCED_RELATIVE_RE.fullmatch(pre.lower()))
            )
            if relative and found and _closes_relative(pre.lower(), found[-1][0].end()):
                # "64 Koreans who had been held in Cambodia were flown home": the relative
                # clause ended with its own verb; a new auxiliary opens the main clause
                relative = False
            found.append((m, relative))
        main = next((m for m, relative in found if not relative), None)
        if main is None and len(found) > 1:
            # "225 Indonesians held captive who were brought home": with no main verb, an
            # outcome (brought home) tells more than a state describing the people (held)
            main = next((m for m, _ in found if m.lastgroup != "detained"), None)
        if main is None and _ACTION_OF_BEFORE_RE.search(s[clause_start:q_start].lower()):
            # "the deportation on 27 March of 54 Indonesians, who had been held since a raid":
            # the action named before them, not what the relative clause tells of them
            found = []
        if found:
            m = main or found[0][0]
            pre = right[: m.start()]
            metric, how, trigger_at = m.lastgroup, f"'{m.group(0)}' after it", np_end + m.start()
            if main is not None and any(r for v, r in found if v.start() < main.start()):
                # "19 WNI who had been rescued on 3 July returned on Tuesday": the relative
                # clause before the main verb tells its own day
                relative_span = (np_end, trigger_at)
            adjacent = (
                not pre.strip()
                or bool(_AUX_ONLY_RE.fullmatch(pre))
                # "All 85 were taken into custody", "the 40 were put on trial"
                or (
                    bool(lx.TRAILING_TRIGGER_RE.fullmatch(m.group(0)))
                    and bool(_AUX_LIGHT_VERB_RE.fullmatch(pre.lower()))
                )
            )
    if _REQUESTED_FOR_RE.search(s[max(0, q_start - 60) : q_start].lower()) and not (
        metric is not None and how.endswith("after it")
    ):
        # "sought arrest warrants for 58 of the returnees": asked for, not yet granted (the
        # people's own verb still counts them: "warrants for the 64 Koreans flown back")
        return "a request, not an outcome"
    # b0. "214 home this year", "seven already home": people who are home again
    if metric is None and (home := _HOME_AFTER_RE.match(s[np_end:clause_end].lower())):
        metric, how = "repatriated", f"'{home.group(0).strip()}' after it"
        trigger_at = np_end
        adjacent = True
    # b1. the verb of a relative clause about them: "the 88 nationals whom police detained"
    if metric is None and (relative_of := _OBJECT_RELATIVE_RE.match(s[np_end:clause_end].lower())):
        action = lx.TRIGGER_RE.match(s[np_end:clause_end].lower(), relative_of.end())
        if action and _trigger_ok(
            action.lastgroup or "", action.group(0), unit or "people", passive=False
        ):
            metric, how = action.lastgroup, f"'{action.group(0)}' of the relative clause about them"
            trigger_at = np_end + action.start()
            adjacent = True
    # b1b. "detained 423 Vietnamese ... along with 14 people of other nationalities"
    if (
        metric is None
        and figures
        and figures[-1].metric
        and _ALONG_WITH_RE.search(s[max(clause_start, q_start - 30) : q_start].lower())
    ):
        sibling = figures[-1]
        metric, how = sibling.metric, f"the verb of the {sibling.value:g} it is told along with"
        trigger_at = sibling.trigger_at
        unit = unit or sibling.unit
        adjacent = True
    # b2. "up to 15 Koreans were among some 300 foreigners detained": the group's action
    among = _AMONG_AFTER_RE.match(s[np_end:clause_end].lower())
    if metric is None and among and not (among.group("those") and sentence.listed):
        for m in lx.TRIGGER_RE.finditer(s[np_end:clause_end].lower()):
            if _trigger_ok(m.lastgroup or "", m.group(0), unit or "people", passive=True):
                metric, how = m.lastgroup, f"'{m.group(0)}', the action of the group it is among"
                trigger_at = np_end + m.start()
                adjacent = True
                break
    # b3. "escorted 59 suspects onto a plane, deporting them to Guangzhou": a participle
    # clause whose object points back at the people says what was done to them
    if metric is None:
        for m in _POINTS_BACK_RE.finditer(s[np_end:].lower()):
            action = lx.TRIGGER_RE.fullmatch(m.group("verb"))
            if action and _trigger_ok(
                action.lastgroup or "", m.group("verb"), unit or "people", passive=False
            ):
                metric, how = action.lastgroup, f"'{m.group('verb')} {m.group('them')}' after it"
                trigger_at = np_end + m.start("verb")
                break
    # a part with a verb of its own that is no counted action ("Five of the returnees were
    # questioned", "Three of them were released on bail"): what happened to them is not a figure
    if metric is None and (part_before or part_sentence):
        own_pred = _OWN_PARTICIPLE_RE.match(s[np_end:clause_end].lower())
        if (
            own_pred
            and own_pred.group("verb") not in lx.PEOPLE_NOUNS
            and not lx.TRIGGER_RE.search(s[np_end:clause_end].lower())
        ):
            return f"{_OWN_VERB_WHY} ('{own_pred.group('verb')}') is no counted action"
    # c. a verb or noun earlier in the clause: "Of those rescued this year, 212 were women"
    # (not for a number whose own noun names what it counts: "and 17 prosecutions", nor one
    # that a preposition ties to another noun: "received requests concerning 330 Koreans")
    if (
        metric is None
        and head not in _EVENT_NOUNS
        and not _CONCERNING_RE.search(s[max(0, q_start - 20) : q_start].lower())
    ):
        previous_end = max(
            (
                b.end
                for b in before_numbers
                if b.end > clause_start
                # "those netted at 43 locations include 589 Chinese": a count of places is
                # no member before it
                and _noun_phrase(s[b.end :])[0] not in lx.NOT_COUNTED_NOUNS
            ),
            default=clause_start,
        )
        window = (
            s[max(clause_start, previous_end) : q_start] if previous_end > clause_start else left
        )
        if previous_end > clause_start and _OWN_VERB_RE.match(window.lower()):
            # "40 were sent to court and 18 were released": the verb is the 40's
            window = ""
        for m in reversed(list(lx.TRIGGER_RE.finditer(window.lower()))):
            if m.group(0) == "held" and _PLACE_HOLDS_RE.search(window[: m.start()].lower()):
                break
            if _WHICH_RE.search(window[m.end() :].lower()):
                # "prosecuted few over the compounds, which the UN estimates hold 100,000":
                # the number is told in a relative clause about something else
                break
            if _trigger_ok(m.lastgroup or "", m.group(0), unit or "people", passive=False):
                if lx.FUTURE_RE.search(window[max(0, m.start() - _TAIL) : m.start()].lower()):
                    # "It will continue to expel the remaining persons, some 300"
                    return "a plan, not an outcome"
                metric, how = m.lastgroup, f"'{m.group(0)}' earlier in the clause"
                trigger_at = s.find(window) + m.start()
                break
    # d. a running total: "raising the total number of citizens received to 213"
    if metric is None and (running or corrected):
        role = lx.ROLE_NOUN_RE.search(s.lower())
        if role and not lx.TRIGGER_RE.search(s[:q_start].lower()):
            # "The number of returnees has risen to 213": who they are says what was done
            metric, how = lx.ROLE_NOUNS[role.group(0)], f"the total of '{role.group(0)}'"
            unit = unit or "people"
    if metric is None and running:
        # "raising to 74 the number of Koreans now held": the total named after the number
        named = _TOTAL_NAMED_AFTER_RE.match(s[n.end : n.end + 90].lower())
        action = lx.TRIGGER_RE.search(named.group(1)) if named else None
        if named and action and not lx.FUTURE_RE.search(named.group(1)[: action.start()]):
            metric, how = action.lastgroup, f"the total of '{action.group(0)}' named after it"
            trigger_at = n.end + named.start(1) + action.start()
            unit = unit or "people"
    if metric is None and (running or corrected) and head not in _EVENT_NOUNS:
        # ("added 118 arrests": the noun after the number names what it counts)
        told_before = list(lx.TRIGGER_RE.finditer(s[:q_start].lower()))
        where = s[:q_start].lower() if told_before else previous.lower()
        for m in reversed(told_before or list(lx.TRIGGER_RE.finditer(previous.lower()))):
            if lx.FUTURE_RE.search(where[max(0, m.start() - _TAIL) : m.start()]):
                # "waiting to be sent home": a plan is not what the total counts
                continue
            if _trigger_ok(m.lastgroup or "", m.group(0), unit or "people", passive=True):
                metric, how, trigger_at = (
                    m.lastgroup,
                    f"the total of '{m.group(0)}'"
                    + ("" if told_before else " in the sentence before"),
                    m.start() if told_before else -1,
                )
                unit = unit or "people"
                break
        if metric is None and running and last_figure is not None and last_figure.metric:
            # "Searches on Sunday added 16 more Thais to the count": the count told before
            metric = last_figure.metric
            how = f"the total of the {last_figure.value:g} {last_figure.metric} told before"
            unit = unit or last_figure.unit
    # "The ministry's figure is 13.": a count told before, by reference
    refers = bool(by_reference) and metric is not None and trigger_at < 0
    # d0. another count of the same people: "Phnom Penh says 66 Koreans deported, Seoul counts
    # 64", "its own count for the same period is 339"
    recount: Figure | None = None
    if not adjacent and _RECOUNT_RE.search(s[max(clause_start, q_start - 60) : q_start].lower()):
        disputed = figures[-1] if figures else last_figure
        if (
            disputed is not None
            and disputed.metric
            and metric in (None, disputed.metric)
            and unit in ("", disputed.unit)
        ):
            metric, recount = disputed.metric, disputed
            how = f"another count of the {disputed.value:g} {disputed.metric} told before"
            unit = unit or disputed.unit
            adjacent = True
    # d1. a label before a colon names it: "Deportations this year: 4,100"
    label = _LABEL_RE.search(s[clause_start:q_start])
    if label and metric is None and _PART_LABEL_RE.match(label.group(1)):
        # "Of whom women: 537": a part of the count on the line before
        part_sentence = part_sentence or not before_numbers
        part_before = part_before or bool(before_numbers)
        subject = subject or label.group(1)
        label = None
    if (
        label
        and metric is None
        and last_figure is not None
        and last_figure.metric
        and _TOTAL_LABEL_RE.fullmatch(label.group(1).strip().lower())
    ):
        # "... who were detained for questioning. Total: 196.": the count told before, summed
        metric, unit = last_figure.metric, unit or last_figure.unit
        how = f"the total of the {last_figure.value:g} {last_figure.metric} told before"
        running, running_at, adjacent, label = True, q_start, True, None
    labelled = label and list(lx.TRIGGER_RE.finditer(label.group(1).lower()))
    if label and labelled:
        m = labelled[-1]
        if metric is None:
            metric, how = m.lastgroup, f"the label '{label.group(1).strip()}'"
            trigger_at = clause_start + label.start(1) + m.start()
        unit = unit or "people"
        adjacent = True
    elif label and (noun := lx.LABEL_NOUN_RE.search(label.group(1).lower())):
        # "Largest single handover: 412 citizens"
        if metric is None:
            metric, how = lx.LABEL_NOUNS[noun.group(0)], f"the label '{label.group(1).strip()}'"
            trigger_at = clause_start + label.start(1) + noun.start()
        unit = unit or "people"
        adjacent = True
    # d1b. the answer to a question: "Q: How many were repatriated? A: Ninety-two"
    if metric is None and not head and previous.rstrip().endswith("?"):
        for m in lx.TRIGGER_RE.finditer(previous.lower()):
            metric, how = m.lastgroup, f"the question before it ('{m.group(0)}')"
            unit = unit or "people"
            adjacent = True
            answered = True
            if not subject:
                subject = previous
            break
    # d1c. a caption after a number that opens its line: "53 - Members of a ring indicted on
    # Wednesday", "2,300+: foreigners deported between January and June"
    caption = (
        _CAPTION_RE.match(s, n.end)
        if metric is None and _CAPTION_OPENER_RE.fullmatch(s[clause_start:q_start])
        else None
    )
    if caption is not None and _CAPTION_NOT_PEOPLE_RE.match(caption.group("caption").lower()):
        # "- 318: women among those freed" is a part, left to the list it stands in;
        # "20 - nationalities among those detained" counts no people
        caption = None
    if caption is not None:
        told = caption.group("caption").lower()
        verbs = [
            m
            for m in lx.TRIGGER_RE.finditer(told)
            if _trigger_ok(m.lastgroup or "", m.group(0), "people", passive=True)
            and not lx.FUTURE_RE.search(told[: m.start()])
        ]
        # "75: suspects, from among those arrested, sent to court": the action named after
        # "among those" is the whole's; the item's own comes after it
        own_verbs = [m for m in verbs if not _AMONG_THOSE_BEFORE_RE.search(told[: m.start()])]
        verbs = own_verbs or verbs
        role = lx.ROLE_NOUN_RE.search(told)
        if verbs:
            metric, how = verbs[0].lastgroup, f"'{verbs[0].group(0)}' in the caption after it"
            trigger_at = caption.start("caption") + verbs[0].start()
        elif role:
            metric, how = lx.ROLE_NOUNS[role.group(0)], f"'{role.group(0)}' in the caption after it"
            trigger_at = caption.start("caption") + role.start()
        if metric is not None:
            unit = unit or "people"
            subject = subject or caption.group("caption")
            adjacent = True
    own_verb = adjacent
    # d2. a list sharing one verb: "arrested 23 Chinese, 12 Vietnamese and 5 Thais"; "314
    # detained in Bavet today, 471 since Monday": the verb found earlier is the member's before
    if (
        (metric is None or (not adjacent and figures and 0 <= trigger_at == figures[-1].trigger_at))
        and head not in _NOUN_METRICS
        and figures
        and before_numbers
        and figures[-1].number is before_numbers[-1]
    ):
        # "three on December 8 and another 31 on December 9": a date inside the list
        between = _DIGITS_RE.sub("x", s[before_numbers[-1].end : q_start])
        # "rescued 28 Indians from a compound in Bavet on Monday and 53 more on Tuesday": a
        # member that says it adds to the one before may stand further from it
        adds = bool(
            _ELLIPTIC_MORE_RE.match(s, n.end)
            or _ELLIPTIC_ANOTHER_RE.search(s[: n.start])
            # "logged 330 reports of Koreans missing in 2024, and 550 in the first eight months
            # of this year": a bare member with a time of its own
            or (not head and any(0 <= d.start - n.end <= 7 for d in dates))
        )
        listed_between = _LISTED_RE.fullmatch(between) or (
            adds and (_FAR_LISTED_RE.fullmatch(between) or _FAR_COMMA_RE.fullmatch(between))
        )
        if listed_between and not _VERB_BETWEEN_RE.search(between.lower()):
            sibling = figures[-1]
            metric, how = sibling.metric, f"the verb it shares with the {sibling.value:g} before it"
            trigger_at = sibling.trigger_at
            unit = unit or sibling.unit
            adjacent = True
            listed = True
    elif (
        not adjacent
        and head not in _NOUN_METRICS
        and abroad_before
        and not (before_numbers and before_numbers[-1].start > abroad_before[-1].start)
    ):
        # "repatriated 1,000 from Myanmar and 600 from Cambodia": the list's verb stands before
        # a member set aside as another country's
        prev = abroad_before[-1]
        between = _DIGITS_RE.sub("x", s[prev.end : q_start])
        if _LISTED_RE.fullmatch(between) and not _VERB_BETWEEN_RE.search(between.lower()):
            lead = s[clause_start : _qualifier(s[: prev.start])[2]]
            verbs = [
                m
                for m in lx.TRIGGER_RE.finditer(lead.lower())
                if _FILLER_RE.fullmatch(lead[m.end() :])
                and _trigger_ok(m.lastgroup or "", m.group(0), unit or "people", passive=False)
            ]
            if verbs and clause_start <= _qualifier(s[: prev.start])[2]:
                m = verbs[-1]
                metric, how = m.lastgroup, f"the verb '{m.group(0)}' its list shares"
                trigger_at = clause_start + m.start()
                unit = unit or "people"
                adjacent = listed = True
    # a count of one sex told with other numbers, and no verb of its own, is a part of the
    # people before it; "arrested two more men" is a count of its own
    if sex_part and not own_verb and not _MORE_RE.search(s[max(0, q_start - 12) : np_end].lower()):
        part_before = True
    # e. the counted noun names it: "122 victims", "330 reports", "3,455 arrests"; "arrivals"
    # wins over a verb told apart from it ("sent back 463 caught in raids, but Thailand
    # recorded 318 arrivals")
    if (not adjacent and head in _ROLE_HEADS) or (head in lx.CASE_NOUNS and metric in _PEOPLE_ONLY):
        # "Nearly 200 reports of confinement received by the embassy": cases, not people
        # received ("20 cases" can be prosecuted, not rescued)
        metric = None
    if metric is None and head in _NOUN_METRICS:
        metric, how = _NOUN_METRICS[head], f"the noun '{head}'"
    if unit == "usd":
        usd = [m for m in lx.TRIGGER_RE.finditer(s.lower()) if m.lastgroup == "defrauded"]
        usd = usd or list(_TOOK_MONEY_RE.finditer(s.lower()))
        if not usd:
            return "money that is not a sum defrauded"
        metric = "defrauded"
        how = how or f"'{usd[0].group(0)}' in the sentence"
    if metric == "defrauded" and unit != "usd":
        return "people named as victims: a defrauded figure is a sum in US dollars"
    number_of = _NUMBER_OF_RE.search(s[max(0, q_start - _TAIL) : q_start].lower())
    if number_of and not unit:
        unit = "people"
    if number_of and metric is None and number_of.group("noun") in _NOUN_METRICS:
        # "took the number of returnees there to 213"
        metric = _NOUN_METRICS[number_of.group("noun")]
        how = f"the noun '{number_of.group('noun')}' of the total"
    if not adjacent and (
        named_total := _TOTAL_OF_VERBED_RE.search(s[max(0, q_start - 90) : q_start].lower())
    ):
        # "puts the number detained since July at about 220": the action names the total
        action = lx.TRIGGER_RE.search(named_total.group("what"))
        if action and not lx.FUTURE_RE.search(named_total.group("what")[: action.start()]):
            metric, how = action.lastgroup, f"the total of '{action.group(0)}'"
            unit = unit or "people"
            adjacent = True
    if not unit and metric is not None and (running or corrected):
        unit = "people"
    if n.spelled_out and n.value == 1 and not adjacent and _ONE_PERSON_RE.match(s[n.end :]):
        # "One man was swept away and another was caught": one is a count only with its own
        # verb, or the verb of the list it ends ("arrested three Chinese and one Cambodian")
        in_list = (
            figures
            and before_numbers
            and figures[-1].number is before_numbers[-1]
            and _LISTED_RE.fullmatch(_DIGITS_RE.sub("x", s[before_numbers[-1].end : q_start]))
        )
        if not in_list:
            return _WHY["one"]
    if not unit:
        if not (adjacent or part_before or part_sentence or comparison):
            return "counts no people, cases or dollars that the text names"
        unit = "people"
    # "Police found 85 Indonesians ...": no action yet, but a later sentence may tell one
    # ("They were later deported"); such a number is kept aside as a possible antecedent
    latent = metric is None and not (part_before or part_sentence or comparison)
    if latent and not (unit == "people" and head and head not in _EVENT_NOUNS):
        return _NO_ACTION
    if (
        metric in ("arrested", "detained", "rescued", "charged", "convicted", "deported")
        and (
            lx.ABROAD_EVENT_RE.search(_cased(s[clause_start:clause_end]))
            or lx.ABROAD_OPENER_RE.match(s)
        )
        and not lx.CAMBODIA_RE.search(_cased(s))
    ):
        return "about another country"

    if head and unit != "usd":
        nationality = nationality_of(subject)
        if not nationality and head in lx.CITIZEN_NOUNS and "foreign" not in subject.lower():
            # "64 nationals of the Republic of Korea", or the country told before the number
            country = _OF_COUNTRY_RE.match(s, np_end)
            nationality = (country and nationality_of(country.group(1))) or nationality_of(
                s[clause_start : n.start]
            )
    else:
        nationality = nationality_of(pred_text) if pred_text else ""
        if not nationality and not head and part_sentence:
            nationality = nationality_of(s[clause_start:q_start])
    if pred_people and not nationality:
        nationality = nationality_of(pred_text)
    if recount is not None and not nationality:
        # "Seoul counts 64": the same people as the count it disputes
        nationality = recount.nationality
    if not nationality and unit != "usd" and caption is not None and metric is not None:
        nationality = nationality_of(caption.group("caption"))
    if not nationality and unit != "usd" and (answered or labelled):
        # "Q: How many Koreans were detained? A: Sixty-three", "Number of Thais repatriated: 270"
        asked = _HOW_MANY_RE.search(previous.lower()) if answered else None
        nationality = nationality_of(
            (asked.group(1) if asked else "")
            if answered
            # "Citizens received from Cambodia: 2,914": where they were, not who they are
            else _WHERE_CAMBODIA_RE.sub(" ", label.group(1))
            if label
            else ""
        )
    if not nationality and unit != "usd":
        # "including 589 from China": where the people are from, unless it is Cambodia, where
        # the compounds are: where they were, not who they are
        origin = _FROM_COUNTRY_RE.match(s[np_end : np_end + 40]) or _OF_NATIONALITY_RE.match(
            s[np_end : np_end + 40]
        )
        if origin and not _COUNTRY_LIST_RE.match(s, np_end + origin.end(1)):
            # "312 people from Thailand, Bangladesh and Vietnam": several, so none
            code = nationality_of(origin.group(1))
            nationality = "" if code in _COMPOUND_COUNTRIES else code
    sex = "" if unit == "cases" else sex_of(f"{subject} {pred_text}" if pred_people else subject)
    clause = s[clause_start:clause_end]
    lower_s = s.lower()
    verb = lx.TRIGGER_RE.match(lower_s, trigger_at) if trigger_at >= 0 else None
    anchors = (
        (trigger_at, verb.end()) if verb else (trigger_at,) if trigger_at >= 0 else (n.start, n.end)
    )
    others = _other_relatives(s, (*anchors, n.start))
    if relative_span is not None and any(
        d.start >= relative_span[1] or d.end <= n.start for d in dates
    ):
        # the relative clause's day only when the main verb has one of its own, after it or
        # opening the sentence ("In April 2023, 19 Japanese detained in January were flown home")
        others.append(relative_span)
    participle = _PARTICIPLE_AFTER_RE.match(s, np_end) if 0 <= trigger_at < n.start else None
    if participle is not None:
        # "sentenced 14 people deported from Cambodia last year to prison terms on the 15th":
        # a date just after the participle describing the people is its own, when the main
        # verb has another
        first_after = next(
            (d for d in dates if participle.end() <= d.start < participle.end() + 40), None
        )
        described = (
            participle.start(),
            first_after.end if first_after is not None else participle.end(),
        )
        if first_after is not None and any(
            d.start < described[0] or d.start >= described[1]
            for d in dates
            if clause_start <= d.start < clause_end
        ):
            others.append(described)
    if running and running_at >= 0:
        # a running total is dated by what follows the words that carry it ("bringing to 3,455
        # the number arrested since July"), not by the day of the latest event before them
        own = _nearest_date(
            [d for d in dates if d.start >= running_at]
            or [d for d in dates if d.precision != "day"],
            anchors,
            clause_start,
            clause_end,
        )
    else:
        own = _nearest_date(
            [d for d in dates if not any(a <= d.start and d.end <= b for a, b in others)],
            anchors,
            clause_start,
            clause_end,
        )
    verb_group = s[max(clause_start, anchors[0] - 25) : anchors[-1] + 1]
    if own is not None and own.precision == "day" and _tense(verb_group) == "present_perfect":
        # "With today's arrival, the DMW has repatriated 934 since 2022": a running total
        # told in the perfect is dated by its 'since', not by the day of the latest event
        perfect_since = [
            d for d in dates if d.to_publication and clause_start <= d.start and d.end <= clause_end
        ]
        own = perfect_since[0] if perfect_since else own
    since_after = bool(_SINCE_AFTER_RE.search(clause.lower()))
    if since_after:
        # "11 of them have since been convicted": after the day the sentence names
        own = None
    # "raided it on October 3 and arrested 40 people the following day": a day told by its
    # distance from an earlier one, after the verb in its clause, is the verb's
    later = [
        d
        for d in dates
        if d.offset
        and anchors[0] <= d.start < clause_end
        and 0 <= d.start - n.end < 40
        and "," not in s[n.end : d.start]
    ]
    if later and (own is None or (own.start < anchors[0] and not own.offset)):
        own = later[0]
    if listed:
        # "three on December 8 and another 31 on December 9": a member's own date
        # "another 53 in Poipet on Tuesday": or after a place, before the next member
        own = next(
            (
                d
                for d in dates
                if 0 <= d.start - np_end <= 30 and not _MEMBER_END_RE.search(s[np_end : d.start])
            ),
            own,
        )
    up_to = next(
        (d for d in dates if d.up_to and own is not None and 0 <= d.start - own.end <= 15), None
    )
    if (
        own is not None
        and own.to_publication
        and own.period_start is not None
        and up_to is not None
        and own.period_start < up_to.period_end
    ):
        # "2,137 detained since 27 June, as of 18 July": from the one to the other
        own = DateMention(
            own.start,
            own.end,
            own.phrase,
            own.period_start,
            up_to.period_end,
            "range",
            note=f"'{own.phrase}' up to '{up_to.phrase}'",
        )
    if running and running_at >= 0 and own is not None and own.precision == "day":
        # "The tally stood at 2,241 on July 18": the running total as it stood that day
        own = _as_of(own)
    if recount is not None and own is None:
        # "Jakarta's own count for the same period is 339": the period of the count disputed
        own = recount.own_date
    elif (
        recount is not None
        and own is not None
        and own.precision == "day"
        and recount.own_date is not None
        and recount.own_date.to_publication
    ):
        # "The number arrested since 27 June has climbed above 3,000 ... The minister put the
        # total at 2,137 on Friday": the same running total, as it stood that day
        own = _as_of(own)
    # a place inside such a relative clause is where that happened, not the figure's action
    told_here = s
    for first, last in others:
        told_here = told_here[:first] + " " * (last - first) + told_here[last:]
    authority, location = _context(told_here)
    return Figure(
        sentence=sentence,
        number=n,
        value=n.value,
        qualifier=qualifier,
        qualifier_text=qualifier_text,
        unit=unit,
        subject=subject or pred_text,
        nationality=nationality,
        sex=sex,
        metric=metric,
        metric_note=f"metric from {how}" if how else "",
        trigger_at=trigger_at,
        part_before=part_before,
        part_sentence=part_sentence,
        comparison=comparison,
        tense="present_perfect" if running else _tense(clause),
        own_date=own,
        authority=authority,
        location=location,
        quote_start=sentence.start,
        quote_end=sentence.end,
        range_bounds=(n.low, n.high) if isinstance(n, RangeMention) else None,
        notes=[_ANSWER_NOTE] if answered else [SINCE_NOTE] if since_after else [],
        refers_back=refers,
    )


#: A relative clause set off by commas: "police, who had obtained warrants in July, arrested".
_RELATIVE_SPAN_RE = re.compile(
    r",\s*(?:who|which|whose|where)\b[^,;]*(?=,)"
    # "deported 312 nationals who were detained last month": what was done to them before
    r"|\b(?:who|that)\s+(?:had been|have been|has been|were|was)\s+[^,;]*"
    # "the first batch of the joint operation, which at the end of March was carried out"
    r"|\bwhich\b[^,;]*"
    # "Twenty men, freed in Koh Kong last month, landed on Thursday": a participle set off
    r"|,\s*(?:[a-z]+ed|held|caught|taken|brought|sent|flown|freed|kept|found)\s[^,;]*(?=,)"
)
#: The note of a figure told as coming after the day its sentence names.
SINCE_NOTE = "told as coming after the day its sentence names ('have since')"
#: "have since been convicted": after the day the sentence names, not on it.
_SINCE_AFTER_RE = re.compile(r"\b(?:have|has|had)\s+since\b")


def _other_relatives(s: str, keep: tuple[int, ...]) -> list[tuple[int, int]]:
    """The spans of the relative clauses that hold none of the figure's words (`keep`): "Aichi
    police, who had obtained warrants in July, arrested 28", "deported 312 nationals who were
    detained last month in Kampot"; what they tell of time and place is not the figure's."""
    return [
        (m.start(), m.end())
        for m in _RELATIVE_SPAN_RE.finditer(s)
        if not any(m.start() <= k < m.end() for k in keep)
    ]


def _nearest_date(
    dates: list[DateMention], anchors: tuple[int, ...], clause_start: int, clause_end: int
) -> DateMention | None:
    """The date that governs a figure: in its clause when there is one, nearest its verb."""
    in_clause = [d for d in dates if clause_start <= d.start and d.end <= clause_end] or dates
    if not in_clause:
        return None

    def distance(d: DateMention) -> int:
        """Characters between the date and the nearest anchor."""
        return min(min(abs(d.start - e), abs(e - d.end)) for e in anchors)

    return min(in_clause, key=distance)


#: Why a number with no verb or noun of its own was set aside: a breakdown can still take it.
_BREAKDOWN_MEMBER_WHY = frozenset(
    {
        "counts no people, cases or dollars that the text names",
        "no action (arrested, deported, ...) in its clause",
    }
)


def _total_of_days_before(figures: list[Figure]) -> None:
    """A total after the counts it adds up, each told with its own day ("rescued 28 on Monday
    and 53 more on Tuesday, bringing the total freed in two days to 81"), spans those days."""
    for i, total in enumerate(figures):
        members = [f for f in figures[:i] if f.metric == total.metric and f.parent is None]
        days = [f.own_date for f in members]
        if (
            len(members) < 2
            or sum(f.value for f in members) != total.value
            or not all(d is not None and d.precision == "day" for d in days)
            or (total.own_date is not None and total.own_date.precision == "day")
        ):
            continue
        first = min(d.period_end for d in days if d is not None)
        last = max(d.period_end for d in days if d is not None)
        if first != last:
            total.own_date = DateMention(
                -1,
                -1,
                "the days of the counts it adds up",
                first,
                last,
                "range",
                note="the days of the counts it adds up",
            )


def _breakdowns(
    s: str,
    figures: list[Figure],
    set_aside: list[tuple[NumberMention, str]],
    dates: list[DateMention],
) -> tuple[list[Figure], list[tuple[NumberMention, str]]]:
    """A total followed in its sentence by numbers that add up to it ("119 people: 61 men and
    58 women", "34 rescued: three on December 8 and another 31 on December 9", "210 freed,
    140 on Friday and 70 on Saturday") is broken down by them: they are its parts, they count
    what it counts, and when each has its own day the total spans those days."""
    candidates = sorted(
        [(f.number.start, f, None) for f in figures]
        + [
            (n.start, None, n)
            for n, why in set_aside
            if why in _BREAKDOWN_MEMBER_WHY or why.startswith(_OWN_VERB_WHY)
        ],
        key=lambda x: x[0],
    )
    for i, (_, whole, _n) in enumerate(candidates):
        if whole is None or whole.part_before or whole.comparison or whole.metric is None:
            continue
        members: list[tuple[Figure | None, NumberMention | None]] = []
        total = 0.0
        for _, f, n in candidates[i + 1 :]:
            if f is not None and f.comparison:
                break
            members.append((f, n))
            total += f.value if f is not None else (n.value if n is not None else 0)
            if total >= whole.value:
                break
        if len(members) < 2 or total != whole.value:
            continue
        parts: list[Figure] = []
        for member, n in members:
            f = member
            if f is None:
                if n is None:
                    continue
                qualifier, qualifier_text, _q = _qualifier(s[: n.start])
                _head, subject, np_len = _noun_phrase(s[n.end :])
                own = next((d for d in dates if 0 <= d.start - (n.end + np_len) <= 4), None)
                f = replace(
                    whole,
                    number=n,
                    value=n.value,
                    qualifier=qualifier,
                    qualifier_text=qualifier_text,
                    subject=subject,
                    nationality=nationality_of(subject) if subject else "",
                    sex=sex_of(subject) if subject else "",
                    metric_note=f"metric from the {whole.value:g} it breaks down",
                    own_date=own or whole.own_date,
                    range_bounds=None,
                    notes=[],
                    siblings=[],
                )
                set_aside = [(m, why) for m, why in set_aside if m is not n]
                figures.append(f)
            f.part_before = True
            parts.append(f)
        days = [f.own_date for f in parts]
        if all(d is not None and d.precision == "day" for d in days):
            first = min(d.period_end for d in days if d is not None)
            last = max(d.period_end for d in days if d is not None)
            if first != last:
                whole.own_date = DateMention(
                    -1,
                    -1,
                    "the days of its parts",
                    first,
                    last,
                    "range",
                    note="the days its parts were told with",
                )
        figures.sort(key=lambda f: f.number.start)
        break
    return figures, set_aside


_OF_THEM_AFTER_RE = re.compile(r"\s+of\s+(?:them|whom|those)\b", re.IGNORECASE)
#: A relative part: "236, of whom 31 were women".
_OF_WHOM_RE = re.compile(r"^\W*(?:of|among)\s+(?:whom|which|them)\W*$", re.IGNORECASE)


#: Words that open a list of parts: "of which", "among them", "consisting of".
_PART_MARKERS = (
    r"of which|among which|of whom|among whom|among them|of them|including"
    r"|consisting of|comprising|made up of"
)
_LABEL_PART_RE = re.compile(
    rf"(?:\b(?:{_PART_MARKERS})\s*:?\s+|[,;]\s+(?:and\s+)?)"
    r"(?P<label>(?:[A-Za-z]+\s+){1,2})$",
    re.IGNORECASE,
)
_PART_MARKER_RE = re.compile(rf"\b(?:{_PART_MARKERS})\b", re.IGNORECASE)
_PAREN_LABEL_RE = re.compile(r"(?P<label>\b[A-Za-z]+\s*)\(\s*$")


def _attach_within_sentence(figures: list[Figure], earlier: list[Figure]) -> None:
    """Parts ("including 476 women") and comparisons ("up from 2,790") take their figure's kind."""
    for i, figure in enumerate(figures):
        before = figures[:i]
        if figure.comparison:
            source = before[-1] if before else (earlier[-1] if earlier else None)
            if source is not None:
                _inherit(figure, source)
                figure.notes.append(f"compared with the {source.value:g} before it")
            continue
        if figure.part_before:
            wholes = [
                f
                for f in before
                if f.parent is None
                and (f.unit == figure.unit or not figure.subject)
                and not f.part_before
                and not (f.part_sentence and _PART_OPENER_RE.match(f.sentence.text.lower()))
                and f.value >= figure.value
                # "40 men and 14 women": the women are no part of the men
                and not (f.sex != "all" and figure.sex != "all" and f.sex != figure.sex)
            ]
            if (
                not wholes
                and before
                and before[-1].value >= figure.value
                and (
                    _OF_WHOM_RE.search(
                        figure.sentence.text[before[-1].number.end : figure.number.start]
                    )
                    # "109 Thais, 54 of them women": a count of one sex of the people just told
                    or (
                        figure.sex != "all"
                        and _OF_THEM_AFTER_RE.match(figure.sentence.text[figure.number.end :])
                    )
                )
            ):
                # "Chinese nationals: 236, of whom 31 were women": a part of a part
                wholes = before[-1:]
            if wholes:
                figure.parent = wholes[-1]
                _inherit(figure, wholes[-1])


def _inherit(figure: Figure, source: Figure) -> None:
    """A part or a comparison counts what its source counts, unless it says otherwise."""
    if figure.metric is None:
        figure.metric = source.metric
        figure.metric_note = f"metric from the {source.value:g} it belongs to"
    figure.unit = source.unit
    if not figure.nationality and (figure.parent is source or not figure.subject):
        figure.nationality = source.nationality


#: A sentence that dates an event told before by naming it: "The verdict was read on Tuesday",
#: "The raid took place on 3 May", "The flight landed on Friday evening". The noun's group
#: names the actions it dates; without one ("This happened on Monday") it dates any.
_EVENT_NOUN_RE = re.compile(
    # "According to the bureau, the group landed at NAIA on Saturday": its source first
    r"(?:^|;\s*|^according\s+to\s+[^,;]{1,120},\s*)"
    r"(?:the|that|this|these|those|their|its)\s+(?:[\w-]+\s+){0,3}?(?:(?:(?P<convicted>verdicts?"
    r"|rulings?|judg(?:e)?ments?|sentences|sentencing)|(?P<raid>raids?|operations?|swoops?|sweeps?"
    r"|crackdowns?|inspections?|arrests?)|(?P<return>handovers?|hand-overs?|flights?|transfers?"
    r"|repatriations?|deportations?))\b[^.;:]{0,40}?\b)?(?:(?:was|were|had\s+been)\s+(?:\w+\s+)?"
    r"(?:read|delivered|handed\s+down|announced|pronounced|held|carried\s+out|conducted|launched"
    r"|staged|completed|made)|took\s+place|happened|occurred|came|began|started|landed|arrived"
    r"|departed|left)\b"
)
#: A sentence about a count that gives the span it covers: "The figure covers July 14 to ...".
_COVERS_RE = re.compile(
    r"\b(?:figures?|tally|tallies|count|counts|numbers?|data|totals?|statistics)\b[^.;]{0,60}?"
    r"\b(?:covers?|covered|covering|spans?|spanned|spanning|runs?|ran|refers?\s+to)\b"
)
_EVENT_METRICS = {
    "convicted": frozenset({"convicted"}),
    "raid": frozenset({"arrested", "detained", "rescued"}),
    "return": frozenset({"deported", "repatriated"}),
}


def date_by_event(
    sentence: Sentence, dates: list[DateMention], told: list[Figure], earlier: list[Figure]
) -> None:
    """A sentence that names the event of figures told just before and gives its day dates them
    when they have no date of their own ("Police say they have freed 62 workers. The raid took
    place on Wednesday."): the figures of that kind of event in the two sentences before, or,
    when it names no kind ("This happened on Monday"), those of the sentence just before. A
    sentence that counts such an event itself ("The largest raid came on Saturday, when 153
    were held") tells a new one."""
    if sentence.headline:
        return
    covers = _COVERS_RE.search(sentence.text.lower())
    span = next((d for d in dates if d.precision == "range" and not d.to_publication), None)
    if covers and span is not None and not told:
        # "The ministry's figure, released on Wednesday, covers July 14 to August 26": the span
        # of the counts just told, when they gave none or only a start ("since mid-July")
        for f in earlier:
            if (
                sentence.index - f.sentence.index == 1
                and not f.sentence.headline
                and (f.own_date is None or f.own_date.to_publication)
            ):
                f.own_date = span
                f.notes.append(f"the span the sentence after it gives ('{span.phrase}')")
        return
    # at the start of the sentence, or of a clause after a semicolon ("...; the verdict was
    # read out a day later")
    m = _EVENT_NOUN_RE.search(sentence.text.lower())
    if m is None:
        return
    kind = m.lastgroup
    if any(f.metric in _EVENT_METRICS[kind] if kind else f.metric for f in told):
        return
    # "landed at Ninoy Aquino International Airport (NAIA) Terminal 3 on Saturday": a place
    # may stand between the verb and its day
    near = [d for d in dates if m.start() <= d.start and d.end <= m.end() + 90]
    own = _nearest_date(near, (m.end(),), 0, m.end() + 90)
    if own is None:
        return
    for f in earlier:
        back = sentence.index - f.sentence.index
        if (
            f.own_date is None
            and f.metric is not None
            and not f.sentence.headline
            and (0 < back <= 2 and f.metric in _EVENT_METRICS[kind] if kind else back == 1)
        ):
            f.own_date = own
            f.notes.append(f"dated by the sentence after it ('{own.phrase}')")


def read_anaphor(
    sentence: Sentence, dates: list[DateMention], earlier: list[Figure]
) -> Figure | None:
    """A sentence without a number that says what happened to people counted just before.

    "... by deporting 25 Japanese nationals. The individuals ... had been arrested in Phnom
    Penh." proposes 25 arrested, quoting both sentences.
    """
    low = sentence.text.lower()
    if sentence.headline or not lx.ANAPHOR_RE.match(low):
        return None
    antecedents = [
        f
        for f in earlier
        if not f.sentence.headline
        and f.parent is None
        # "Among the latest arrivals were 19 women. The group had been held ...": the group is
        # the arrivals, not the part
        and not (f.part_before or f.part_sentence)
        and f.unit == "people"
        and 0 < sentence.index - f.sentence.index <= 1
    ]
    if not antecedents:
        return None
    source = antecedents[-1]
    for m in lx.TRIGGER_RE.finditer(low):
        pre = low[: m.start()]
        metric = m.lastgroup or ""
        if not lx.PASSIVE_AUX_RE.search(pre) or not _trigger_ok(
            metric, m.group(0), "people", passive=True
        ):
            continue
        if lx.FUTURE_RE.search(pre):
            return None
        own = _nearest_date(dates, (m.start(), m.end()), 0, len(sentence.text))
        if metric == source.metric or {metric, source.metric} <= {"deported", "repatriated"}:
            # the same action told again ("The group was handed across on the 11th and 12th"):
            # no new figure, but the day it gives is the day of the one told before
            if source.own_date is None and own is not None:
                source.own_date = own
                source.notes.append(f"dated by the sentence after it ('{own.phrase}')")
            return None
        subject = _SUBJECT_RE.match(sentence.text)
        authority, location = _context(sentence.text)
        figure = Figure(
            sentence=sentence,
            number=source.number,
            value=source.value,
            qualifier=source.qualifier,
            qualifier_text=source.qualifier_text,
            unit="people",
            subject=source.subject,
            nationality=source.nationality,
            sex=source.sex,
            metric=metric,
            metric_note=f"metric from '{m.group(0)}'; '{subject.group(0) if subject else ''}' "
            f"refers back to the {source.value:g} in the sentence before",
            trigger_at=m.start(),
            part_before=False,
            part_sentence=False,
            comparison=False,
            tense=_tense(sentence.text),
            own_date=own,
            authority=authority or source.authority,
            location=location,
            quote_start=source.sentence.start,
            quote_end=sentence.end,
        )
        return figure
    return None
