"""The words of handing over: verbs that give, receive or come home, the nouns of a
handover, and the phrases ("in return for", "traded for") that join a group to the group
that went the other way. Shared by the readers of direction, role and siblings."""

from __future__ import annotations

import re

GIVE = re.compile(
    # "in the hands of the Polisario": held, not handed
    r"\b(?:return(?:ed|s|ing)?|hand(?:ed|s|ing)? (?:over|back)|hand(?:ed|ing)|"
    r"(?<!\bthe )(?<!\btheir )(?<!\bits )(?<!\bhis )(?<!\bwhose )hands|"
    # "its forces hand 20 alleged fighters over to Rwanda": the bare verb, split by its object
    r"hand(?=\s+(?:[\w,'’-]+\s+){1,6}?(?:over|back)\b)|"
    r"g(?:ive|ives|ave|iving)|releas(?:ed|es|ing|e)|"
    r"free(?:d|s|ing)?|transferr?(?:ed|s|ing)?|sent back|send back|gave back|give back|"
    r"deliver(?:ed|s)?|set free|set (?:[\w-]+\s+){1,4}free|let go|let (?:[\w-]+\s+){1,4}go|"
    r"lets (?:[\w-]+\s+){1,4}go|"
    r"swap(?:ped|s)?|exchang(?:ed|es|e)|trad(?:ed|es|e)|"
    r"repatriat(?:ed|es|e|ing)|turn(?:ed)? over|extradit(?:ed|es|e|ing))\b",
    re.IGNORECASE,
)
# nouns of handing over: they make a count a handover but have no subject that gives
HANDOVER_NOUN = re.compile(
    r"\b(?:repatriation|handover|hand-over|transfer|swap|exchange|release|return|freeing)s?\b",
    re.IGNORECASE,
)
RECEIVE = re.compile(
    r"\b(?:receiv(?:ed|es|e|ing)|got back|get back|gets back|"
    r"(?:gets|got|get)(?=\s+(?:\d|the bodies|the remains|bodies|remains))|"
    r"(?:brought|bring(?:s|ing)?)(?:\s+[\w,'’-]+){0,8}?\s+(?:back|home)|"
    r"t(?:ook|aken|ake|akes) back|"
    r"(?:secured|secures|won|wins|obtained|achieved) (?:the )?(?:release|return|freedom)|"
    r"welcomed|recover(?:ed|s)|"
    r"took delivery|retriev(?:ed|es|e)|t(?:ook|aken|akes|ake) (?:charge|custody|possession) of)\b",
    re.IGNORECASE,
)
INTRANSITIVE = re.compile(
    r"\b(?:returned home|came home|come home|came back|come back|made it back|"
    r"(?:went|go|goes|gone|going) back (?:home|to (?:their|his|her) (?:country|homeland|home))|"
    r"return(?:s|ing)? home|go(?:es|ing)? home|went home|(?:flown|flew|sent|driven) home|"
    r"walk(?:ed|s)? free|(?:are|is|were|was) (?:now |finally )?back (?:in|home|to)|"
    r"returned to|(?:were|was) (?:returned|released|freed|handed over|transferred|repatriated|"
    r"brought back|exchanged|swapped|extradited)|have been (?:returned|released|freed)|"
    r"had been (?:returned|released|freed|handed over)|went home|arrived|"
    # "the ministry reported that 50 servicemen had returned": the count is the subject
    r"(?:had|have|has) (?:now |also )?returned(?=\s*[.,;]|\s+(?:home|from|safely)\b)|"
    r"(?:were|was|been) allowed (?:back|home|to return)|"
    r"(?:were|was) (?:taken|flown|driven|bused|sent) (?=to\b))\b",
    re.IGNORECASE,
)
# a word of swapping anywhere in a sentence ("swap", "swopped", "exchanges", "traded")
SWAP_WORD = re.compile(r"(?i)\b(?:swap|swopp?|exchang|trad(?:e|ed|ing)\b)")
# "in return for", "exchanged for": what follows went the other way
_TRADED_FOR = r"(?:swapped|traded|exchanged) for"
_RETURN_PHRASE = (
    rf"(?:in (?:return|exchange) for|in (?:a |an |the )?(?:swap|trade|exchange) for|{_TRADED_FOR})"
)
RETURN_FOR = re.compile(rf"\b{_RETURN_PHRASE}\b", re.IGNORECASE)
# the words right before a group given in return ("in exchange for five of its commanders")
RETURN_OBJECT = re.compile(rf"\b{_RETURN_PHRASE}\s+(?:[\w'’-]+\s+){{0,4}}$", re.IGNORECASE)
# a sentence that pairs two groups ("freed in return", "8 prisoners were exchanged for 20")
IN_RETURN = re.compile(rf"\b(?:in (?:return|exchange)|{_TRADED_FOR})\b", re.IGNORECASE)
# "8 prisoners were exchanged for 20": one side of a pair, right after the count
SWAPPED_FOR = re.compile(rf"^[^.;]{{0,40}}?\b{_TRADED_FOR}\b", re.IGNORECASE)
