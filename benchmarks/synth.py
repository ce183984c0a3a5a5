"""Generate a synthetic catalog in aligntui's schema, for benchmarks.

    python benchmarks/synth.py 10000 -o /tmp/cat10k.toml

The output is deterministic for a given size and ``--seed`` and passes
``aligntui validate``. Titles are 5-15 words from a vocabulary of machine
learning words (with acronyms such as RLHF), authors are "Given Family" with
accented names (Sigurðsson, Müller...), 1-40 per work, years 2015-2024, and
each work sits in 1-3 leaf sections of a 4-level taxonomy of ~300 sections.

The TOML is written by string building, not by a TOML library, so that
100,000 works take a few seconds.
"""

from __future__ import annotations

import argparse
import random
import sys
import time
import unicodedata
from pathlib import Path

__all__ = ["Taxonomy", "generate", "write_catalog"]

# -- vocabularies -------------------------------------------------------------------


def _words(text: str) -> list[str]:
    """The whitespace-separated words of ``text``."""
    return text.split()


WORDS = _words(
    """
    alignment reward model models modeling preference preferences human feedback reinforcement
    learning language large instruction instructions tuning fine-tuning safety harmless helpful
    honest values value ethics ethical moral social norms evaluation benchmark benchmarks dataset
    datasets scalable oversight interpretability robustness adversarial attacks jailbreak red
    teaming toxicity bias fairness calibration uncertainty reasoning chain thought prompting prompts
    in-context generalization zero-shot few-shot multitask multilingual cross-lingual transfer
    distillation pretraining representation representations embedding embeddings transformer
    transformers attention sparse mixture experts scaling laws efficient training inference decoding
    sampling search retrieval augmented generation summarization translation dialogue conversational
    agents agent tool use planning policy optimization proximal direct constitutional
    self-supervised supervised unsupervised contrastive vision multimodal visual speech audio code
    synthesis program mathematical knowledge factuality hallucination grounding memory long context
    compression quantization pruning federated privacy differential secure verification formal
    causal counterfactual estimation imitation inverse offline online bandit exploration curriculum
    meta continual lifelong emergent abilities capabilities limits survey towards understanding
    measuring improving learning-based framework approach analysis study empirical theoretical
    perspective principled simple effective robust fast stable via beyond through without using
    """
)

ACRONYMS = [
    "LLM",
    "LLMs",
    "RLHF",
    "RLAIF",
    "DPO",
    "PPO",
    "GPT",
    "BERT",
    "ViT",
    "CLIP",
    "NLP",
    "QA",
    "MoE",
    "LoRA",
    "SFT",
]
STOP = ["of", "for", "with", "and", "in", "on", "from", "to", "the", "a"]

GIVEN = _words(
    """
    Alice Bruno Chen Dmitri Elena Fatima Gustavo Hana Igor Jun Katarzyna Liam Mei Nikolai Olga Pedro
    Qiang Rosa Sven Tomás Uma Víctor Wei Xin Yuki Zoë Łukasz Søren Jörg François Ana Björn Çağrı
    Dorota Émile Gökhan Ingrid Jiří Kåre Ludmila Matías Nuño Oğuz Pål Renée Siobhán Þór
    """
)
GIVEN = [g[:1].upper() + g[1:] for g in GIVEN]

FAMILY = _words(
    """
    Smith Müller Sigurðsson Nguyễn García Kowalski Ivanov Chen Wang Li Zhang Liu Yamamoto Kim Patel
    Dvořák Øvrebø Gómez Šimánek Jónsdóttir Lefèvre Brontë Schröder Håkansson Ołowski Çelik Yılmaz
    Johnson Williams Brown Jones Miller Davis Rodriguez Martinez Hernandez Lopez Wilson Anderson
    Thomas Taylor Moore Jackson Martin Lee Perez Thompson White Harris Sanchez Clark Ramirez Lewis
    Robinson Walker Young Allen King Wright Scott Torres Hill Flores Green Adams Nelson Baker Hall
    Rivera Campbell Mitchell Carter Roberts Bai Ouyang Christiano Leike Amodei Askell Ganguli Bowman
    Perez Irving Hubinger Krakovna Shah Steinhardt Hendrycks Mazeika Zou Carlini Tramèr
    """
)

VENUES = [
    ("NeurIPS", "Advances in Neural Information Processing Systems"),
    ("ICML", "International Conference on Machine Learning"),
    ("ICLR", "International Conference on Learning Representations"),
    ("ACL", "Annual Meeting of the Association for Computational Linguistics"),
    ("EMNLP", "Conference on Empirical Methods in Natural Language Processing"),
    ("NAACL", "Conference of the North American Chapter of the ACL"),
    ("AAAI", "AAAI Conference on Artificial Intelligence"),
    ("CVPR", "IEEE/CVF Conference on Computer Vision and Pattern Recognition"),
    ("FAccT", "ACM Conference on Fairness, Accountability, and Transparency"),
]
JOURNALS = ["Transactions on Machine Learning Research", "Journal of Machine Learning Research", "Nature"]
LINK_LABELS = ["Paper", "Data", "Project", "Checkpoint", "Leaderboard"]

SECTION_WORDS = _words(
    """
    Goals Instructions Preferences Values Evaluation Benchmarks Datasets Methods Reward Models
    Feedback Safety Robustness Honesty Harmlessness Helpfulness Ethics Fairness Oversight Metrics
    Arenas Surveys Theory Applications Agents Multimodal Reasoning Tools Red-teaming
    Interpretability Generalization Calibration Training Inference Data Human AI Critique Debate
    Constitution Norms
    """
)


# -- taxonomy -----------------------------------------------------------------------


class Taxonomy:
    """Sections as (id, title, parent) in parent-first order, and the leaf ids."""

    def __init__(self, rng: random.Random, roots: int = 6) -> None:
        self.sections: list[tuple[str, str, str | None, str]] = []
        self.leaves: list[str] = []
        for r in range(roots):
            self._add(rng, f"s{r}", None, 1)

    def _title(self, rng: random.Random) -> str:
        words = rng.sample(SECTION_WORDS, rng.randint(1, 3))
        # Titles repeat under different parents, as in the survey ("Benchmarks").
        return " ".join(words) if rng.random() < 0.8 else rng.choice(["Benchmarks", "Datasets", "Methods"])

    def _add(self, rng: random.Random, sid: str, parent: str | None, depth: int) -> None:
        description = "" if rng.random() < 0.6 else f"Works on {' '.join(rng.sample(WORDS, 4))}."
        self.sections.append((sid, self._title(rng), parent, description))
        # Depth 1: 5-6 children; depth 2: 4-6; depth 3: a third of them split once more (4 levels).
        if depth == 1:
            count = rng.randint(5, 6)
        elif depth == 2:
            count = rng.randint(4, 6)
        elif depth == 3 and rng.random() < 0.35:
            count = rng.randint(2, 4)
        else:
            self.leaves.append(sid)
            return
        for c in range(count):
            self._add(rng, f"{sid}.{c}", sid, depth + 1)


# -- works --------------------------------------------------------------------------


def _ascii(text: str) -> str:
    text = text.replace("ð", "d").replace("ø", "o").replace("Ø", "O").replace("ł", "l").replace("Ł", "L")
    text = text.replace("ı", "i").replace("þ", "th").replace("Þ", "Th")
    decomposed = unicodedata.normalize("NFKD", text)
    return "".join(c for c in decomposed if c.isascii() and c.isalnum()).lower()


def _title(rng: random.Random) -> str:
    n = rng.randint(5, 15)
    words: list[str] = []
    for i in range(n):
        roll = rng.random()
        if roll < 0.10:
            words.append(rng.choice(ACRONYMS))
        elif roll < 0.25 and 0 < i < n - 1:
            words.append(rng.choice(STOP))
        else:
            words.append(rng.choice(WORDS))
    if rng.random() < 0.6:  # title case, as most venues print them
        words = [w if w.isupper() or w in STOP or any(c.isupper() for c in w) else w[:1].upper() + w[1:] for w in words]
    else:
        words[0] = words[0][:1].upper() + words[0][1:]
    if rng.random() < 0.3:
        head = rng.choice(["Towards", "On", "Learning", "Beyond", "Scaling"])
        words.insert(0, head)
        words[min(len(words) - 1, rng.randint(2, 4))] += ":"
    return " ".join(words[:15])


def _authors(rng: random.Random) -> list[str]:
    # Mostly a handful of authors; a long tail up to 40 (big-lab papers).
    count = 40 if rng.random() < 0.01 else min(40, 1 + int(rng.expovariate(1 / 4.0)))
    return [f"{rng.choice(GIVEN)} {rng.choice(FAMILY)}" for _ in range(count)]


def _q(text: str) -> str:
    """A TOML basic string."""
    return '"' + text.replace("\\", "\\\\").replace('"', '\\"') + '"'


def generate(size: int, seed: int = 0) -> str:
    """The TOML text of a catalog with ``size`` works."""
    rng = random.Random(f"aligntui-synth-{seed}")
    taxonomy = Taxonomy(rng)
    leaves = taxonomy.leaves
    members: dict[str, list[str]] = {leaf: [] for leaf in leaves}
    works_out: list[str] = []
    seen_ids: set[str] = set()
    for n in range(size):
        title = _title(rng)
        authors = _authors(rng)
        year = rng.randint(2015, 2024)
        first_word = _ascii(next((w for w in title.split() if w.lower() not in STOP and len(w) > 2), "work"))
        base = f"{_ascii(authors[0].rsplit(' ', 1)[-1])}{year}{first_word}"
        work_id = base if base not in seen_ids else f"{base}-{n}"
        seen_ids.add(work_id)
        arxiv = f"{year % 100:02d}{rng.randint(1, 12):02d}.{rng.randint(1, 99999):05d}"
        lines = [
            "[[works]]",
            f"id = {_q(work_id)}",
            f"title = {_q(title)}",
            "authors = [" + ", ".join(_q(a) for a in authors) + "]",
            f"year = {year}",
        ]
        roll = rng.random()
        if roll < 0.55:
            short, long = rng.choice(VENUES)
            lines.append(f"venue = {_q(f'{short} {year}')}")
            lines.append(f"booktitle = {_q(long)}")
        elif roll < 0.65:
            journal = rng.choice(JOURNALS)
            lines.append(f"venue = {_q(journal)}")
            lines.append(f"journal = {_q(journal)}")
        else:
            lines.append('venue = "arXiv"')
        lines.append(f"arxiv = {_q(arxiv)}")
        lines.append(f"source = {_q('https://arxiv.org/abs/' + arxiv)}")
        link_count = rng.choice((0, 1, 1, 2, 2, 3, 4))
        if link_count:
            labels = ["Paper", *rng.sample(LINK_LABELS[1:], link_count - 1)]
            links = []
            for label in labels:
                if label == "Paper":
                    url = f"https://arxiv.org/pdf/{arxiv}.pdf"
                else:
                    url = f"https://github.com/{_ascii(authors[0])}/{first_word}-{label.lower()}-{n}"
                links.append(f"  {{ label = {_q(label)}, url = {_q(url)} }},")
            lines.append("links = [")
            lines.extend(links)
            lines.append("]")
        works_out.append("\n".join(lines))
        for leaf in rng.sample(leaves, rng.choice((1, 1, 2, 2, 3))):
            members[leaf].append(work_id)

    out = [
        f"# Synthetic aligntui catalog: {size} works, seed {seed}. Generated by benchmarks/synth.py.",
        "schema_version = 1",
        "",
        "[survey]",
        f'title = "Synthetic Survey of Alignment Goals ({size} works)"',
        'authors = ["Ada Lovelace", "Jón Sigurðsson"]',
        "year = 2024",
        'arxiv = "2308.12014"',
        'url = "https://arxiv.org/abs/2308.12014"',
        'venue = "arXiv"',
        "",
    ]
    for sid, title, parent, description in taxonomy.sections:
        out.append("[[sections]]")
        out.append(f"id = {_q(sid)}")
        if parent is not None:
            out.append(f"parent = {_q(parent)}")
        out.append(f"title = {_q(title)}")
        if description:
            out.append(f"description = {_q(description)}")
        listed = members.get(sid)
        if listed:
            out.append("works = [")
            out.extend(f"  {_q(w)}," for w in listed)
            out.append("]")
        out.append("")
    out.extend(w + "\n" for w in works_out)
    return "\n".join(out)


def write_catalog(size: int, path: Path | str, seed: int = 0) -> Path:
    """Write the catalog of ``size`` works to ``path`` (UTF-8) and return the path."""
    target = Path(path)
    target.write_text(generate(size, seed), encoding="utf-8")
    return target


def main(argv: list[str] | None = None) -> int:
    """``python benchmarks/synth.py N -o FILE``."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("size", type=int, help="number of works (e.g. 1000, 10000, 100000)")
    parser.add_argument("-o", "--output", required=True, help="the TOML file to write")
    parser.add_argument("--seed", type=int, default=0, help="random seed (default 0)")
    args = parser.parse_args(argv)
    start = time.perf_counter()
    path = write_catalog(args.size, args.output, args.seed)
    elapsed = time.perf_counter() - start
    print(f"wrote {args.size} works to {path} ({path.stat().st_size / 1e6:.1f} MB) in {elapsed:.2f} s", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
