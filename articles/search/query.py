"""Reading the search box: words (AND), "quoted phrases", OR, -exclusion, each term folded
and turned into tsquery operands and exact checks.

A term matches through the GIN index by the AND of its lexemes (CJK bigrams, words),
positions ignored, which misses nothing; a term of more than one lexeme (a fragment, a
phrase) is then checked against `search_text`, which admits no false hit. User input
never reaches `to_tsquery` unquoted.
"""

import re
from dataclasses import dataclass

from articles.search.index import quote_lexeme
from articles.text import WORD_CHARACTER, bigrams, fold, regional_forms, search_tokens

MAX_QUERY_LENGTH = 200
MAX_TERMS = 12
CONTROL_CHARACTERS = re.compile(r"[\x00-\x08\x0b-\x1f\x7f]")
_QUOTES = str.maketrans({"“": '"', "”": '"', "＂": '"', "「": '"', "」": '"'})
# -"a phrase" (closed or not), or a bare word; a leading - excludes.
_QUERY_PART = re.compile(r'(-?)"([^"]*)"?|(\S+)')


@dataclass(frozen=True)
class Term:
    """One thing to find: a word, a fragment or a phrase, folded."""

    surface: str  # folded, whitespace collapsed
    tokens: tuple  # ((token, is_cjk), ...) as text.search_tokens gives them

    @property
    def lexemes(self) -> list[str]:
        """tsquery operands: bigrams of CJK runs (a lone character as a prefix), words."""
        found = []
        for token, cjk in self.tokens:
            grams = bigrams(token) if cjk else [token]
            # A lone character starts a bigram or ends a run: a prefix finds it either way.
            found.extend(quote_lexeme(g) + (":*" if cjk and len(g) == 1 else "") for g in grams)
        return list(dict.fromkeys(found))

    @property
    def needs_check(self) -> bool:
        """Several lexemes may all be in an article without being next to each other."""
        return len(self.lexemes) > 1 or len(self.tokens) > 1

    def match_tsquery(self) -> str:
        """AND of the lexemes, positions ignored: finds every article that has the term."""
        return "(" + " & ".join(self.lexemes) + ")"

    def phrase_tsquery(self) -> str:
        """The lexemes in order, each next to the one before (<->)."""
        parts = []
        for token, cjk in self.tokens:
            grams = bigrams(token) if cjk else [token]
            parts.append(" <-> ".join(quote_lexeme(g) + (":*" if len(g) == 1 and cjk else "") for g in grams))
        return " <-> ".join(parts)

    def check_sql(self) -> tuple[str, list]:
        """SQL that is true where `search_text` holds the term with its parts adjacent
        (strpos for plain text; a regex where spaces may vary or Latin meets CJK), or
        where the term is the name of an entity the article mentions (head_vector)."""
        head = "a.head_vector @@ %s::tsquery"
        pieces = self.surface.split(" ")
        if len(pieces) == 1 and not _mixes_scripts(self.surface):
            return f"(strpos(a.search_text, %s) > 0 OR {head})", [self.surface, self.phrase_tsquery()]
        pattern = _regex(pieces, _pg_escape, r"\s+", r"\s*")
        # The term as typed (one space between words, none at a seam) is what most articles
        # hold, and strpos finds it in a third of the regex's time; the regex then runs
        # only where it is not.
        literal = "strpos(a.search_text, %s) > 0 OR a.search_text ~ %s"
        return f"({literal} OR {head})", [self.surface, pattern, self.phrase_tsquery()]

    def pattern(self) -> re.Pattern:
        """The same test in Python, to find the term in folded shown text."""
        if not self.needs_check and not self.tokens[0][1]:
            word = re.escape(self.tokens[0][0])
            return re.compile(rf"(?<!{WORD_CHARACTER}){word}(?!{WORD_CHARACTER})")
        if not self.needs_check:
            return re.compile(re.escape(self.tokens[0][0]))
        return re.compile(_regex(self.surface.split(" "), re.escape, r"\s+", r"\s*"))


def _mixes_scripts(text: str) -> bool:
    return len({cjk for _, cjk in search_tokens(text)}) > 1


def _regex(pieces, escape, space, seam) -> str:
    """Pieces joined by any whitespace; inside a piece, optional space where Latin meets CJK."""
    out = []
    for piece in pieces:
        chars = []
        for i, char in enumerate(piece):
            kinds = {_script(char), _script(piece[i - 1])} if i else set()
            if kinds == {"latin", "cjk"}:
                chars.append(seam)
            chars.append(escape(char))
        out.append("".join(chars))
    return space.join(out)


def _script(char: str) -> str | None:
    tokens = search_tokens(char)
    return ("cjk" if tokens[0][1] else "latin") if tokens else None


def _pg_escape(char: str) -> str:
    """PostgreSQL ARE: an ASCII character that is not a letter or digit is escaped."""
    return "\\" + char if char.isascii() and not char.isalnum() else char


@dataclass(frozen=True)
class Query:
    """A parsed search-box query: AND of groups, each an OR of terms, minus exclusions."""

    groups: tuple = ()  # ((Term, ...), ...)
    excluded: tuple = ()  # (Term, ...)

    def __bool__(self):
        return bool(self.groups)

    @property
    def only_exclusions(self) -> bool:
        """Nothing to find, only things to leave out (`-OpenAI`): it matches nothing,
        and the reader is told why."""
        return not self.groups and bool(self.excluded)

    @property
    def terms(self) -> list[Term]:
        return [term for group in self.groups for term in group]

    def match_tsquery(self) -> str:
        parts = ["(" + " | ".join(t.match_tsquery() for t in group) + ")" for group in self.groups]
        parts += ["!" + t.match_tsquery() for t in self.excluded if not t.needs_check]
        return " & ".join(parts)

    def where_sql(self) -> tuple[str, list]:
        """The WHERE condition on `articles_article a` that matches exactly: the GIN
        index finds the candidates, the checks drop those without the adjacent text."""
        checks, params = self.checks_sql()
        return f"a.search_vector @@ %s::tsquery AND {checks}", [self.match_tsquery(), *params]

    def checks_sql(self) -> tuple[str, list]:
        """The checks alone ("TRUE" when every term is one lexeme)."""
        sql, params = [], []
        for group in self.groups:
            if any(t.needs_check for t in group):
                alternatives = []
                for term in group:
                    if term.needs_check:
                        check, check_params = term.check_sql()
                    else:
                        check, check_params = "a.search_vector @@ %s::tsquery", [term.match_tsquery()]
                    alternatives.append(check)
                    params.extend(check_params)
                sql.append("(" + " OR ".join(alternatives) + ")")
        for term in self.excluded:
            if term.needs_check:
                check, check_params = term.check_sql()
                sql.append(f"NOT ({check})")
                params.extend(check_params)
        return " AND ".join(sql) or "TRUE", params


def parse_query(raw: str) -> Query:
    """Words (AND), "quoted phrases", OR between terms, -exclusion; anything else is text.
    Every term is folded; a term with nothing searchable in it (punctuation, emoji) is dropped."""
    raw = clean_query(raw).translate(_QUOTES)
    groups, excluded, pending_or = [], [], False
    for match in _QUERY_PART.finditer(raw):
        minus, phrase, word = match.groups()
        if word == "OR" or word == "|":
            pending_or = bool(groups)
            continue
        if word is not None:
            minus, text = ("-", word[1:]) if word.startswith("-") and len(word) > 1 else ("", word)
        else:
            text = phrase
        term = term_of(text)
        if term is None:
            continue
        spellings = _with_regional_forms(term)
        if minus:
            excluded.extend(spellings)
        elif pending_or:
            groups[-1].extend(spellings)
        else:
            groups.append(spellings)
        pending_or = False
        if len(groups) + len(excluded) >= MAX_TERMS:
            break
    return Query(tuple(tuple(g) for g in groups), tuple(excluded))


def clean_query(raw: str) -> str:
    """The query as it may be shown back: cut to MAX_QUERY_LENGTH, no control characters."""
    return CONTROL_CHARACTERS.sub(" ", (raw or "")[:MAX_QUERY_LENGTH]).strip()


def _with_regional_forms(term: Term) -> list[Term]:
    """The term and its spellings in the other regions' usage (軟體 and 软件): a term
    finds an article that uses any of them."""
    return [term, *(other for form in regional_forms(term.surface) if (other := term_of(form)))]


def term_of(text: str) -> Term | None:
    surface = " ".join(fold(text).split())
    tokens = tuple(search_tokens(surface))
    return Term(surface, tokens) if tokens else None
