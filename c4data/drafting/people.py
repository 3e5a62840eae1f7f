"""Person candidates: names found by jieba (nr tags) and by posts (…市委书记马国强), with the post attached."""

from __future__ import annotations

import bisect
import re
from collections.abc import Sequence
from functools import lru_cache
from typing import Any

from c4data.drafting.context import Reading, Row
from c4data.drafting.documents import squeeze
from c4data.drafting.gazetteer import gazetteer
from c4data.drafting.model import Candidate
from c4data.drafting.segment import Segmentation, dictionary_tags
from c4data.drafting.text import MatchText

# The commonest Chinese surnames (百家姓 as used today), single and compound.
SURNAMES = frozenset(
    "王李张刘陈杨黄赵吴周徐孙马朱胡郭何高林罗郑梁谢宋唐许韩冯邓曹彭曾肖田董袁潘于蒋蔡余杜叶程苏魏吕丁任沈"
    "姚卢姜崔钟谭陆汪范金石廖贾夏韦付方白邹孟熊秦邱江尹薛闫段雷侯龙史陶黎贺顾毛郝龚邵万钱严覃武戴莫孔向汤"
    "常温康施文牛樊葛邢安齐易乔伍庞颜倪庄聂章鲁岳翟殷詹申欧耿关兰焦俞左柳甘祝包宁尚符舒阮柯纪梅童凌毕单季"
    "裴霍涂成苗谷盛曲翁冉骆蓝路游辛靳管柴蒙鲍华喻祁蒲房滕屈饶解牟艾尤阳时穆农司卓古吉缪简车项连芦麦褚娄"
    "窦戚岑景党宫费卜冷晏席卫米柏宗瞿桂全佟应臧闵苟邬边卞姬师和仇栾隋商刁沙荣巫寇桑郎甄丛仲虞敖巩明佘池"
    "查麻苑迟邝官封谈匡鞠惠荆乐冀郁胥南班储原栗燕楚鄢劳谌奚皮粟冼蔺楼盘满闻位厉伊仝区郜海阚花权强帅屠豆"
    "朴盖练廉禹井祖漆巴丰支卿国狄平计索宣晋相初门云容敬来扈晁芮都普阙浦戈伏鹿薄邸雍辜羊阿乌母裘亓修邰赫"
    "杭况那宿鲜印逯隆茹诸战慕危玉银亢嵇公哈湛宾戎勾茅利於呼居揭干但尉冶斯元束檀衣信展阴昝智幸奉植衡富尧"
    "闭由习"
)
COMPOUND_SURNAMES = frozenset({"欧阳", "司马", "诸葛", "上官", "东方", "皇甫", "令狐", "慕容", "尉迟", "长孙", "司徒",
                               "夏侯", "公孙", "端木", "宇文", "独孤"})  # fmt: skip
# Posts a text puts before a name (长沙市委书记胡衡华); the longest are tried first.
POSTS = (
    "常务副省长|常务副市长|常务副主任|常务副部长|副省长|副市长|副区长|副县长|副主席|副书记|副主任|副局长|副司长|"
    "副部长|副厅长|副处长|副院长|副校长|副巡视员|副总理|副秘书长|副总经理|副董事长|副会长|副理事长|副主编|副总编辑|"
    "总书记|书记|省长|市长|区长|县长|州长|镇长|主席|主任|局长|司长|部长|厅长|处长|科长|院长|校长|所长|巡视员|"
    "总理|秘书长|委员|常委|董事长|总经理|总裁|会长|理事长|行长|主编|总编辑|编辑|记者|党组成员|组长|发言人|"
    "负责人|专家|教授|研究员|代表|作者"
)
_POST = re.compile(rf"(?:{POSTS})$")
_NAME_TAGS = frozenset({"nr", "nrfg", "nrt"})
# Words after a bare name that show a person acts or speaks (马国强在讲话中说, 胡衡华主持会议).
_ACTS = re.compile(
    r"(?:表示|说|指出|介绍|认为|强调|主持|致辞|讲话|发言|出席|参加|会见|透露|提出|倡议|在讲话中|通报|汇报|宣布|分析)"
)
# Words after a name that make it a person's even without a post: 习近平同志, a doctrine named after a person.
_NAMED_BY = re.compile(r"(?:同志|理论|思想|新时代)")
# A doctrine jieba reads as one word with the name of the person it is named after (某某理论, 某某思想).
_DOCTRINE = re.compile(r"(?P<name>[\u4e00-\u9fff]{2,3})(?:理论|思想)")
_DELIMITERS = "、,，。;；:：!?“”\"'()（）[]【】《》 \n\t|·"


def find(reading: Reading) -> list[Candidate]:
    """No name is read inside a document's title."""
    titles = reading.spans("document")
    return find_people(reading.text, reading.segmentation, english=reading.pypinyin, titles=titles)


def same(value: dict[str, Any], fact: dict[str, Any]) -> bool:
    """Same name, and the post the text gives (if any) contains the row's post (湖南省委常委 ⊇ 常委).

    A source's author (a reporter in ``sources.authors_zh``) is held by name alone.
    """
    for lang in ("zh", "en"):
        name = value.get(f"name_{lang}")
        if name and fact.get(f"name_{lang}") and squeeze(name) == squeeze(fact[f"name_{lang}"]):
            if fact.get("author"):
                return True
            posts = [post for post in value.get(f"positions_{lang}") or [value.get(f"position_{lang}")] if post]
            row_post = fact.get(f"position_{lang}")
            if not posts:
                return True
            return bool(row_post) and any(squeeze(row_post) in squeeze(post) for post in posts)
    return False


def row_facts(row: Row) -> list[dict[str, Any]]:
    """``person_zh``/``person_en`` (with posts), ``name_*`` of a table keyed by ``person_id``, a source's authors."""
    made: list[dict[str, Any]] = []
    person = {lang: row.cell(f"person_{lang}") for lang in ("zh", "en") if row.cell(f"person_{lang}") is not None}
    if not person and "person_id" in row.keyed_by:
        person = {lang: row.cell(f"name_{lang}") for lang in ("zh", "en") if row.cell(f"name_{lang}") is not None}
    if person:
        value: dict[str, Any] = {"name_zh": person.get("zh"), "name_en": person.get("en")}
        for name in ("position_zh", "position_en", "organization_zh", "organization_en"):
            value[name] = row.cell(name)
        made.append(value)
    for lang in ("zh", "en"):  # a source's authors (reporters) are people the package holds, with no post
        authors = row.cell(f"authors_{lang}")
        if authors is not None:
            for author in re.split(r"[;,、]\s*|\s+(?=\S)" if lang == "zh" else r"[;,、]\s*", str(authors)):
                if author.strip():
                    made.append({f"name_{lang}": author.strip(), "author": True})
    return made


def find_people(
    text: MatchText,
    segmentation: Segmentation | None,
    *,
    english: bool,
    titles: Sequence[tuple[int, int]] = (),
) -> list[Candidate]:
    """Chinese names with the posts the text attaches; in English texts, pinyin names as written.

    No name is read inside a document's title (``titles``): 《长沙宣言》 names no 宣言.
    """
    found = [c for c in _chinese(text, segmentation) if not any(a <= c.start < b for a, b in titles)]
    if english:
        found.extend(_english(text, [(c.start, c.end) for c in found]))
    return sorted(found, key=lambda candidate: candidate.start)


def _chinese(text: MatchText, segmentation: Segmentation | None) -> list[Candidate]:
    source = text.simplified
    spans: dict[tuple[int, int], list[str]] = {}
    # 1. A name right after a post: 长沙市委书记胡衡华, 记者 秦慧英 朱玉文.
    for match in re.finditer(rf"(?:{POSTS})[ \u3000:]?", source):
        name_end = _name_after(source, match.end(), segmentation)
        if name_end is None:
            continue
        posts = _posts_before(source, match.end() - (source[match.end() - 1] in " :"))
        if not posts:
            continue
        spans.setdefault((match.end(), name_end), posts)
        # a list of names after one post: 记者 秦慧英 朱玉文 罗雅琴, 记者:张三、李四 (a bare name each)
        position = name_end
        while source[position : position + 1] in (" ", "、") and position < len(source):
            following = _name_after(source, position + 1, segmentation)
            if following is None or not _stands_alone(source, position + 1, following):
                break
            spans.setdefault((position + 1, following), posts)
            position = following
    for start, end in _listed_names(source, segmentation):
        spans.setdefault((start, end), [])
    known_names = {source[a:b] for a, b in spans}
    # 2. jieba's personal names that act or speak, are bracketed alone, carry a post after them, or recur.
    if segmentation is not None:
        for token in segmentation.tokens:
            doctrine = _DOCTRINE.fullmatch(token.word)
            if doctrine and _looks_like_name(doctrine["name"]) and dictionary_tags().get(doctrine["name"]) == "nr":
                spans.setdefault((token.start, token.start + len(doctrine["name"])), [])  # 某某理论: a person's
                continue
            if (token.start, token.end) in spans or token.tag not in _NAME_TAGS or not _looks_like_name(token.word):
                continue
            if any(a <= token.start < b for a, b in spans):
                continue
            after = source[token.end : token.end + 4]
            before = source[token.start - 1 : token.start]
            post_after = re.match(rf"(?:{POSTS})", after)
            if (
                token.word in known_names
                or _ACTS.match(after)
                or _NAMED_BY.match(after)
                or post_after
                or (before in "(（" and after[:1] in ")）" and not _after_place(source, token.start - 1))
            ):
                spans[(token.start, token.end)] = [post_after.group()] if post_after else []
    candidates = []
    for (start, end), posts in sorted(spans.items()):
        value: dict[str, Any] = {"name_zh": source[start:end], "position_zh": "、".join(posts) or None}
        if len(posts) > 1:
            value["positions_zh"] = posts
        candidates.append(Candidate("person", text.span(start, end), start, end, value))
    return candidates


# Words that announce a list of people (省领导吴桂英、…) and verbs that close one (…周海兵参加会见).
_PEOPLE_BEFORE = re.compile(r"(?:领导|同志|负责人|嘉宾|代表|成员|委员|陪同|出席|包括|有)[:]?$")


def _listed_names(source: str, segmentation: Segmentation | None) -> list[tuple[int, int]]:
    """Names in a list without posts: 省领导吴桂英、秦国文、周海兵参加会见.

    Every item is a surname and one or two characters (not a place), the list is announced by a word for
    people or closed by a verb of acting, and jieba reads at least one item as a personal name.
    """
    found = []
    # A list starts where its run of characters starts and no run gives back what it took: linear time.
    for match in re.finditer(r"(?<![\u4e00-\u9fff])[\u4e00-\u9fff]++(?:、[\u4e00-\u9fff]++)+", source):
        items, position = [], match.start()
        for part in match.group().split("、"):
            items.append((position, position + len(part)))
            position += len(part) + 1
        first_end = items[0][1]
        head = next((first_end - n for n in (3, 2) if _looks_like_name(source[first_end - n : first_end])), None)
        last_start, last_end = items[-1]
        tail = next(
            (last_start + n for n in (3, 2) if _looks_like_name(source[last_start : last_start + n])
             and (last_start + n == last_end or _ACTS.match(source, last_start + n))),
            None,
        )  # fmt: skip
        if head is None or tail is None or len(items) < 2:
            continue
        names = [(head, first_end), *items[1:-1], (last_start, tail)]
        if not all(_looks_like_name(source[a:b]) for a, b in names):
            continue
        announced = _PEOPLE_BEFORE.search(source[max(0, head - 6) : head]) is not None
        named = segmentation is not None and any(
            (token := segmentation.token_at(a)) is not None and token.tag in _NAME_TAGS and token.start == a
            for a, _ in names
        )
        if named and (announced or tail < last_end):  # announced, or closed by a verb (…周海兵参加)
            found.extend(names)
    return found


_PLACE_END = re.compile(r"(?:省|市|县|区|镇|乡|州)$")


def _after_place(source: str, end: int) -> bool:
    """A place name ends at ``end`` (九江(武宁): a county in brackets after its city is no bracketed name)."""
    before = source[max(0, end - 6) : end]
    places = gazetteer()
    return bool(_PLACE_END.search(before)) or any(before.endswith(name) for name in places.by_chinese)


# Surname and a form of address is not a name (王女士, 李书记).
_ADDRESS = re.compile(rf"^.(?:女士|先生|小姐|同志|老师|师傅|大爷|大妈|阿姨|总|{POSTS})$")


def _stands_alone(source: str, start: int, end: int) -> bool:
    """Nothing but a delimiter (or the end) follows the name: 李四 in 记者:张三、李四, not 合肥 in 、合肥市委书记."""
    return end >= len(source) or source[end] in _DELIMITERS


def _looks_like_name(word: str) -> bool:
    places = gazetteer()
    if word in places.by_chinese or word in places.province_names or not 2 <= len(word) <= 4:
        return False
    if _ADDRESS.match(word):
        return False
    return word[:2] in COMPOUND_SURNAMES or (word[0] in SURNAMES and len(word) <= 3)


def _name_after(source: str, start: int, segmentation: Segmentation | None) -> int | None:
    """Where a personal name that starts at ``start`` ends, or ``None`` when none starts there."""
    if start >= len(source) or not ("\u4e00" <= source[start] <= "\u9fff"):
        return None
    if source[start] not in SURNAMES and source[start : start + 2] not in COMPOUND_SURNAMES:
        return None
    run, limit = start, min(len(source), start + 4)  # only a run of 2 or 3 matters: scan no further (linear time)
    while run < limit and _is_han(source[run]) and source[run] not in _DELIMITERS:
        run += 1
    if segmentation is not None:
        found = _name_by_tokens(segmentation, start, run)
        if found is not None:
            return found
    elif 2 <= run - start <= 3:
        return run
    if (
        2 <= run - start <= 3
        and (run >= len(source) or source[run] in "、,;。")
        and _surname_apart(segmentation, start)
    ):
        return run  # right after a post, a short run alone in its clause is a name (市长郑建新,), not 都来了
    for length in (3, 2):  # a name followed by a verb: 潘胜强介绍, 张文波说
        if _ACTS.match(source[start + length : start + length + 4]) and (
            _no_function_words(segmentation, start, length) or _given_name_a_word(segmentation, start, length)
        ):
            return start + length
    return None


def _given_name_a_word(segmentation: Segmentation | None, start: int, length: int) -> bool:
    """After a post, a surname and a given name that is a word of its own, even a verb (方 | 建设介绍)."""
    if segmentation is None or length != 3:
        return False
    surname, given = segmentation.token_at(start), segmentation.token_at(start + 1)
    return (
        surname is not None
        and surname.start == start
        and surname.end == start + 1
        and not surname.tag.startswith(("p", "c", "u", "d", "r", "v"))
        and given is not None
        and not re.fullmatch(POSTS, given.word)
        and (given.start, given.end) == (start + 1, start + 3)
        and not given.tag.startswith(("p", "c", "u", "d", "r", "m"))
    )


def _surname_apart(segmentation: Segmentation | None, start: int) -> bool:
    """jieba reads the surname as a word of its own that is no adverb, preposition, conjunction or particle."""
    token = segmentation.token_at(start) if segmentation is not None else None
    return (
        token is not None
        and token.start == start
        and len(token.word) == 1
        and not token.tag.startswith(("d", "p", "c", "u"))
    )


def _no_function_words(segmentation: Segmentation | None, start: int, length: int) -> bool:
    """None of jieba's tokens in the span is a verb, preposition, conjunction, particle or adverb (向记者)."""
    if segmentation is None:
        return True
    first = bisect.bisect_left(segmentation.starts, start)  # the tokens of the span, found without a scan
    words = list(segmentation.tokens[first : bisect.bisect_left(segmentation.starts, start + length)])
    return (
        bool(words)
        and words[-1].end == start + length
        and not any(t.tag.startswith(("v", "p", "c", "u", "d")) for t in words)
    )


def _name_by_tokens(segmentation: Segmentation, start: int, run_end: int) -> int | None:
    """jieba's reading: a personal-name token, a surname it split off (邓 | 向阳), or a short run alone."""
    token = segmentation.token_at(start)
    if token is not None and token.start < start and token.tag in _NAME_TAGS and 2 <= token.end - start <= 3:
        return token.end  # jieba fused the post's last character with the name: 市长万勇 read 市 | 长万勇
    if token is None or token.start != start:
        return None
    if token.tag in _NAME_TAGS and 2 <= len(token.word) <= 4 and _looks_like_name(token.word):
        return token.end
    following = segmentation.token_at(token.end)
    # jieba split the surname off: 邓 | 向阳 (the surname tagged nr), 刘 | 海涛 (the given name tagged nr)
    if (
        len(token.word) == 1
        and following is not None
        and (token.tag in _NAME_TAGS or following.tag in _NAME_TAGS)
        and 1 <= len(following.word) <= 2
        and _is_han(following.word)
        and not re.fullmatch(POSTS, following.word)
    ):
        return following.end
    # a name jieba does not know, standing alone between delimiters (记者 熊琦)
    if 2 <= run_end - start <= 3 and _no_function_words(segmentation, start, run_end - start):
        return run_end
    return None


MAX_POST_SCAN = 64  # characters back from a name to the start of the post before it


def _posts_before(source: str, end: int) -> list[str]:
    """The posts written before a name, nearest last: 湖南省委常委、长沙市委书记 → both."""
    posts: list[str] = []
    position = end
    while True:
        phrase_start, limit = position, max(0, position - MAX_POST_SCAN)  # a post is short: scan no further back
        while phrase_start > limit and source[phrase_start - 1] not in _DELIMITERS:
            phrase_start -= 1
        phrase = source[phrase_start:position].strip()
        if phrase_start == limit > 0 or not phrase or not _POST.search(phrase) or len(phrase) > 20:
            break
        posts.insert(0, phrase)
        if phrase_start == 0 or source[phrase_start - 1] != "、":
            break
        position = phrase_start - 1
    return posts


def _is_han(word: str) -> bool:
    return all("\u4e00" <= character <= "\u9fff" for character in word)


# English -----------------------------------------------------------------------------------------------------
_ENGLISH_POSTS = (
    r"(?:Vice |Deputy |Executive Vice |Party )?(?:Mayor|Governor|Secretary|Director|Chairman|President|Minister|"
    r"Premier|Reporter|Editor|Spokesperson|Director-General)"
)
# A lookahead, so that "Mayor Wang Jianguo" is tried at "Wang" after failing at "Mayor".
_ENGLISH_NAME = re.compile(r"\b(?P<surname>[A-Z][a-z]{0,5})(?=(?P<gap>-| )(?P<given>[A-Z][a-z]+(?:-[a-z]+)?)\b)")


# "Chen Wei, deputy mayor of Zhengzhou, said": a post in apposition after the name.
_APPOSITION = re.compile(
    rf",\s+(?P<post>(?:the\s+)?(?i:{_ENGLISH_POSTS})(?:\s+of\s+(?:the\s+)?[A-Z][\w' -]*?)?)(?=,|\.|\s+said)"
)


@lru_cache(maxsize=1)
def _pinyin_syllables() -> tuple[frozenset[str], frozenset[str]]:
    """Every toneless pinyin syllable of the common characters, and those of the surnames (by pypinyin)."""
    from c4data.drafting.text import pinyin_table, toneless

    table = pinyin_table()
    syllables = frozenset(toneless(reading) for code in range(0x4E00, 0x9FA6) for reading in table.get(code, ""))
    surnames = frozenset(toneless(table[ord(s)][0]).capitalize() for s in SURNAMES if ord(s) in table)
    return syllables, surnames


def _is_pinyin_word(word: str, syllables: frozenset[str], most: int = 2) -> bool:
    """'Henghua' = heng + hua: one to ``most`` syllables, split greedily with backtracking."""
    lowered = word.lower().replace("-", "").replace("'", "")

    def split(rest: str, left: int) -> bool:
        if not rest:
            return True
        return left > 0 and any(
            rest[:cut] in syllables and split(rest[cut:], left - 1) for cut in range(min(6, len(rest)), 0, -1)
        )

    return split(lowered, most)


def _english(text: MatchText, taken: list[tuple[int, int]]) -> list[Candidate]:
    if not _ENGLISH_NAME.search(text.simplified):
        return []  # no pair of capitalised words: pypinyin's table is not loaded
    syllables, surnames = _pinyin_syllables()
    places = gazetteer()
    found: list[Candidate] = []
    source = text.simplified
    for match in _ENGLISH_NAME.finditer(source):
        surname, given = match["surname"], match["given"]
        primary_city_name = given in places.by_english and places.by_english[given].name_en == given
        if surname not in surnames or primary_city_name or not _is_pinyin_word(given, syllables):
            continue
        start, end = match.start(), match.end() + len(match["gap"]) + len(given)
        if any(start < b and a < end for a, b in taken):
            continue
        before = re.search(rf"({_ENGLISH_POSTS}(?: of (?:the )?[A-Z][\w ]*?)?)\s+$", source[max(0, start - 60) : start])
        after = _APPOSITION.match(source, end)
        position = before.group(1) if before else (after.group("post") if after else None)
        value: dict[str, Any] = {"name_en": source[start:end], "position_en": position}
        if found and found[-1].end > start:  # Chang Zhou Haibing: three words, the last two the name
            found.pop()
        found.append(Candidate("person", text.span(start, end), start, end, value))
    return found
