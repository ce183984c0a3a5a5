"""Blind relevance queries: what a researcher who half-remembers a paper types into the filter box.

Written on 2026-12-06 by the helper "queries" (issue 21), blind to aligntui's
search rules: the writer never opened ``src/aligntui/search/``,
``src/aligntui/browse/`` (beyond ``select_works``'s signature), the existing
relevance cases or tests, nor the catalog's ``aliases``. What a researcher
might remember was taken from the survey's paper list ("From Instructions to
Basic Human Values: A Survey of Alignment Goals for Big Models", its GitHub
README) and from the works' ids, titles, authors, years and venues in the
bundled catalog.

The expected ids say which work a person meant, not what any rule finds. These
queries must never be edited, removed or re-labelled to fit the rules: a
query that misses is a finding. Add new queries instead, with their own date.

``benchmarks/relevance.py`` scores them; ``test_blind_queries_data.py`` checks
only the data's integrity (ids exist, sizes), never accuracy.
"""

from __future__ import annotations

from typing import Literal, NamedTuple, get_args

Kind = Literal[
    "name",  # a model, data set or benchmark name or nickname
    "acronym",  # an acronym, alone or with one word
    "author_year",  # a first author's family name and a year (maybe the wrong one)
    "first_author",  # a first author's family name alone (maybe without its accent)
    "coauthor_topic",  # a later author plus a topic word or two
    "title_fragment",  # remembered title words: typos, British spellings, wrong order, missing words
    "variant",  # hyphenated, spaced or joined forms, curly quotes and apostrophes
    "lab_topic",  # a lab or company plus a topic
    "question",  # a question in natural language
    "description",  # what the work does, in words mostly not in its title
]
"""The kinds of query; every kind is used at least five times."""

KINDS: tuple[Kind, ...] = get_args(Kind)


class BlindQuery(NamedTuple):
    """One query as typed (split on spaces by the benchmark) and the catalog ids of the works meant.

    ``expected`` holds one id, or several only when they are equally right
    (e.g. an author-year pair that fits two works).
    """

    query: str
    expected: tuple[str, ...]
    kind: Kind


BLIND_QUERIES: tuple[BlindQuery, ...] = (
    # --- model, data set and benchmark names ---
    BlindQuery("instructgpt", ("ouyang2022training",), "name"),
    BlindQuery("T0", ("sanh2021multitask",), "name"),
    BlindQuery("flan-t5", ("chung2022scaling",), "name"),
    BlindQuery("sparrow", ("glaese2022improving",), "name"),
    BlindQuery("delphi", ("jiang2021machines",), "name"),
    BlindQuery("llava", ("liu2023visual",), "name"),
    BlindQuery("bloomz mt0", ("muennighoff2022crosslingual",), "name"),
    BlindQuery("dromedary", ("sun2023principle",), "name"),
    BlindQuery("oasst1", ("kopf2023openassistant",), "name"),
    BlindQuery("openbookqa", ("mihaylov2018suit",), "name"),
    BlindQuery("winogender", ("rudinger2018gender",), "name"),
    BlindQuery("globalopinionqa", ("durmus2023measuring",), "name"),
    BlindQuery("ETHICS dataset", ("hendrycks2020aligning",), "name"),
    BlindQuery("HH-RLHF", ("bai2022training",), "name"),
    # --- acronyms ---
    BlindQuery("DPO", ("rafailov2023direct",), "acronym"),
    BlindQuery("HELM", ("liang2022holistic",), "acronym"),
    BlindQuery("bbq", ("parrish2021bbq",), "acronym"),
    BlindQuery("PALMS", ("solaiman2021process",), "acronym"),
    BlindQuery("rrhf", ("yuan2023rrhf",), "acronym"),
    BlindQuery("RAFT alignment", ("dong2023raft",), "acronym"),
    BlindQuery("HPS v2", ("wu2023human",), "acronym"),
    BlindQuery("NLPO", ("ramamurthy2022reinforcement",), "acronym"),
    BlindQuery("MFTC", ("hoover2020moral",), "acronym"),
    BlindQuery("EVS", ("europeanvaluesstudy",), "acronym"),
    BlindQuery("WVS wave 7", ("wvs2022wave7",), "acronym"),
    BlindQuery("LVI values", ("brown2002life",), "acronym"),
    BlindQuery("MIC ethics", ("ziems2022moral",), "acronym"),
    # --- first author and year ---
    BlindQuery("stiennon 2020", ("stiennon2020learning",), "author_year"),
    BlindQuery("ouyang 2022", ("ouyang2022training",), "author_year"),
    BlindQuery("bai 2022", ("bai2022training", "bai2022constitutional"), "author_year"),
    BlindQuery("hendrycks 2021", ("hendrycks2020aligning",), "author_year"),
    BlindQuery("rokeach 1973", ("rokeach1973nature",), "author_year"),
    BlindQuery("schwartz 2012", ("schwartz2012overview",), "author_year"),
    BlindQuery("touvron 2023", ("touvron2023llama",), "author_year"),
    BlindQuery("perez 2022", ("perez2022discovering",), "author_year"),
    BlindQuery("gehman 2020", ("gehman2020realtoxicityprompts",), "author_year"),
    BlindQuery("wang 2022", ("wang2022super", "wang2022self"), "author_year"),
    BlindQuery("graham 2013", ("graham2013moral",), "author_year"),
    BlindQuery("askell 2021", ("askell2021general",), "author_year"),
    BlindQuery("hofstede 1980", ("hofstede1984culture",), "author_year"),
    # --- first author alone ---
    BlindQuery("nakano", ("nakano2021webgpt",), "first_author"),
    BlindQuery("kopf", ("kopf2023openassistant",), "first_author"),
    BlindQuery("ziems", ("ziems2022moral",), "first_author"),
    BlindQuery("lourie", ("lourie2021scruples",), "first_author"),
    BlindQuery("dhamala", ("dhamala2021bold",), "first_author"),
    BlindQuery("hartvigsen", ("hartvigsen2022toxigen",), "first_author"),
    BlindQuery("solaiman", ("solaiman2021process",), "first_author"),
    BlindQuery("emelin", ("emelin2020moral",), "first_author"),
    BlindQuery("Schramowski", ("schramowski2021large",), "first_author"),
    BlindQuery("rafailov", ("rafailov2023direct",), "first_author"),
    # --- a later author and a topic ---
    BlindQuery("haidt moral foundations", ("graham2013moral",), "coauthor_topic"),
    BlindQuery("yejin choi rules of thumb", ("forbes2020social",), "coauthor_topic"),
    BlindQuery("chelsea finn preference", ("rafailov2023direct",), "coauthor_topic"),
    BlindQuery("jan leike books", ("wu2021recursively",), "coauthor_topic"),
    BlindQuery("owain evans falsehoods", ("lin2021truthfulqa",), "coauthor_topic"),
    BlindQuery("sadigh reward design", ("kwon2023reward",), "coauthor_topic"),
    BlindQuery("kersting right and wrong", ("schramowski2021large",), "coauthor_topic"),
    BlindQuery("augenstein cultural values", ("arora2022probing",), "coauthor_topic"),
    BlindQuery("minlie huang chinese safety", ("sun2023safety",), "coauthor_topic"),
    BlindQuery("jurafsky social bias", ("sap2019social",), "coauthor_topic"),
    BlindQuery("askell global opinions", ("durmus2023measuring",), "coauthor_topic"),
    # --- remembered title words ---
    BlindQuery("learning to summarise from human feedback", ("stiennon2020learning",), "title_fragment"),
    BlindQuery("language model secretly reward model", ("rafailov2023direct",), "title_fragment"),
    BlindQuery("suit of armour electricity", ("mihaylov2018suit",), "title_fragment"),
    BlindQuery("model written evaluations", ("perez2022discovering",), "title_fragment"),
    BlindQuery("harmlessness from ai feedbak", ("bai2022constitutional",), "title_fragment"),
    BlindQuery("human falsehoods mimic", ("lin2021truthfulqa",), "title_fragment"),
    BlindQuery("laboratory for alignment", ("askell2021general",), "title_fragment"),
    BlindQuery("targetted human judgements dialogue", ("glaese2022improving",), "title_fragment"),
    BlindQuery("unnatural instrutions", ("honovich2022unnatural",), "title_fragment"),
    BlindQuery("recursive summarization of books", ("wu2021recursively",), "title_fragment"),
    BlindQuery("situated reasoning norms intents", ("emelin2020moral",), "title_fragment"),
    BlindQuery("pragmatic validity moral pluralism", ("graham2013moral",), "title_fragment"),
    BlindQuery("red teaming reduce harms lessons", ("ganguli2022red",), "title_fragment"),
    BlindQuery("ethical quandry questions", ("bang2022answering",), "title_fragment"),
    BlindQuery("moral rationalisations political identity", ("simmons2022moral",), "title_fragment"),
    # --- hyphenated, spaced, joined; curly quotes ---
    BlindQuery("zeroshot task generalization", ("sanh2021multitask",), "variant"),
    BlindQuery("flan collection instructiontuning", ("longpre2023flan",), "variant"),
    BlindQuery("instruction finetuned scaling", ("chung2022scaling",), "variant"),
    BlindQuery("super natural instructions", ("wang2022super",), "variant"),
    BlindQuery("self instruct", ("wang2022self",), "variant"),
    BlindQuery("real toxicity prompts", ("gehman2020realtoxicityprompts",), "variant"),
    BlindQuery("crows pairs", ("nangia2020crows",), "variant"),
    BlindQuery("truthful qa", ("lin2021truthfulqa",), "variant"),
    BlindQuery("alpaca eval", ("li2023alpacaeval",), "variant"),
    BlindQuery("alpaca farm", ("dubois2023alpacafarm",), "variant"),
    BlindQuery("llm as a judge", ("zheng2023judging",), "variant"),
    BlindQuery("culture\u2019s consequences", ("hofstede1984culture",), "variant"),
    BlindQuery("\u201cconstitutional ai\u201d", ("bai2022constitutional",), "variant"),
    BlindQuery("pew research center\u2019s global attitudes", ("pewglobalattitudes",), "variant"),
    BlindQuery("glm 130b", ("zeng2022glm",), "variant"),
    BlindQuery("web gpt", ("nakano2021webgpt",), "variant"),
    BlindQuery("social chemistry101", ("forbes2020social",), "variant"),
    BlindQuery("value net dialogue", ("qiu2022valuenet",), "variant"),
    # --- lab or company and a topic ---
    BlindQuery("anthropic harmless assistant", ("bai2022training",), "lab_topic"),
    BlindQuery("deepmind sparrow", ("glaese2022improving",), "lab_topic"),
    BlindQuery("openai summarization human feedback", ("stiennon2020learning",), "lab_topic"),
    BlindQuery("openai browsing question answering", ("nakano2021webgpt",), "lab_topic"),
    BlindQuery("anthropic red teaming", ("ganguli2022red",), "lab_topic"),
    BlindQuery("stanford instruction following llama", ("taori2023stanford",), "lab_topic"),
    BlindQuery("lmsys open source chatbot", ("chiang2023vicuna",), "lab_topic"),
    BlindQuery("meta llama chat models", ("touvron2023llama",), "lab_topic"),
    BlindQuery("meta opt instruction meta learning", ("iyer2022opt",), "lab_topic"),
    BlindQuery("bigscience multitask prompted", ("sanh2021multitask",), "lab_topic"),
    BlindQuery("deepmind multimodal interactive agents", ("abramson2022improving",), "lab_topic"),
    BlindQuery("allen ai morality", ("jiang2021machines",), "lab_topic"),
    BlindQuery("openai instruction following rlhf", ("ouyang2022training",), "lab_topic"),
    # --- questions ---
    BlindQuery("how to train a helpful and harmless assistant", ("bai2022training",), "question"),
    BlindQuery("can language models learn morality", ("jiang2021machines",), "question"),
    BlindQuery("do language models mimic human falsehoods", ("lin2021truthfulqa",), "question"),
    BlindQuery("how to align llms with synthetic feedback instead of humans", ("kim2023aligning",), "question"),
    BlindQuery("can an llm judge other chatbots", ("zheng2023judging",), "question"),
    BlindQuery("is reinforcement learning useful for nlp", ("ramamurthy2022reinforcement",), "question"),
    BlindQuery("whose opinions do language models represent", ("durmus2023measuring",), "question"),
    BlindQuery("when should language models make exceptions to moral rules", ("jin2022make",), "question"),
    BlindQuery("what do pretrained models know about right and wrong", ("schramowski2021large",), "question"),
    BlindQuery("can a model align itself from a few principles", ("sun2023principle",), "question"),
    BlindQuery("how to collect instructions without human labor", ("honovich2022unnatural",), "question"),
    BlindQuery("can language models design rewards for rl agents", ("kwon2023reward",), "question"),
    # --- descriptions in words mostly not in the title ---
    BlindQuery("dataset of human preferences for generated images", ("wu2023human",), "description"),
    BlindQuery("reddit aita dataset", ("lourie2021scruples",), "description"),
    BlindQuery("crowdsourced assistant conversations dataset", ("kopf2023openassistant",), "description"),
    BlindQuery("gaokao sat exams benchmark", ("zhong2023agieval",), "description"),
    BlindQuery("annotated tweets morality", ("hoover2020moral",), "description"),
    BlindQuery("harmful advice physical safety benchmark", ("levy2022safetext",), "description"),
    BlindQuery("preference optimization without reinforcement learning", ("rafailov2023direct",), "description"),
    BlindQuery("ranking loss instead of ppo", ("yuan2023rrhf",), "description"),
    BlindQuery("chat model trained on chatgpt talking to itself", ("xu2023baize",), "description"),
    BlindQuery("ocr text rich images instruction tuning", ("zhang2023llavar",), "description"),
    BlindQuery("social alignment in simulated society", ("liu2023training",), "description"),
    BlindQuery("stereotype sentence pairs masked lm", ("nangia2020crows",), "description"),
    BlindQuery("ten basic values theory", ("schwartz2012overview",), "description"),
    BlindQuery("simulate human feedback cheaply with llm annotators", ("dubois2023alpacafarm",), "description"),
)
"""The blind queries, grouped by kind; see the module docstring for how they were written."""
