"""Who represented each capital at meetings 5, 9 and 10, with their posts, as the reports name them (issue 20).

The expected names and posts are written from the texts (axyjyo-2017-fifth-meeting, shenyang- and
770365-2023-ninth-meeting, ahtoxa- and informationbz-fr-2024-tenth-meeting), not read from the tables; the
README's query of who took part in each meeting is run as printed.
"""

from __future__ import annotations

import re

import pandas as pd
import pytest
from support import REPO_ROOT

import c4data

pytestmark = pytest.mark.data

WEEK = pd.Timedelta(days=7)
SECRETARY, DEPUTY, MAYOR = "Secretary", "Deputy Secretary", "Mayor"

# Municipal posts of those who attended, spoke or signed, by capital.
REPRESENTATIVES = {
    # 率團參會的是四座城市的黨委一把手:…陳一新,…易煉紅,…宋國權,…殷美根。武漢市長萬勇、長沙市市長陳文浩、合肥市市長凌云、
    # 南昌市市長郭安代表四市簽署合作行動計劃。
    5: {
        "Wuhan": {("陈一新", SECRETARY), ("万勇", MAYOR)},
        "Changsha": {("易炼红", SECRETARY), ("陈文浩", MAYOR)},
        "Hefei": {("宋国权", SECRETARY), ("凌云", MAYOR)},
        "Nanchang": {("殷美根", SECRETARY), ("郭安", MAYOR)},
    },
    # 郭元強,…吳桂英,…虞愛華,…李紅軍出席並講話;
    # 市委副书记、市长程用文,长沙市委副书记、市长郑建新,合肥…罗云峰,南昌…万广明出席会议
    9: {
        "Wuhan": {("郭元强", SECRETARY), ("程用文", DEPUTY), ("程用文", MAYOR)},
        "Changsha": {("吴桂英", SECRETARY), ("郑建新", DEPUTY), ("郑建新", MAYOR)},
        "Hefei": {("虞爱华", SECRETARY), ("罗云峰", DEPUTY), ("罗云峰", MAYOR)},
        "Nanchang": {("李红军", SECRETARY), ("万广明", DEPUTY), ("万广明", MAYOR)},
    },
    # Guo Yuanqiang, … secrétaire du comité municipal du parti de Wuhan, Wu Guiying, … de Changsha, Zhang Hongwen, …
    # de Hefei, Sheng Yuechun, secrétaire adjoint … de Wuhan et maire, … le maire de la ville de Nanchang, Wan Guangming
    10: {
        "Wuhan": {("郭元强", SECRETARY), ("盛阅春", DEPUTY), ("盛阅春", MAYOR)},
        "Changsha": {("吴桂英", SECRETARY)},
        "Hefei": {("张红文", SECRETARY)},
        "Nanchang": {("万广明", MAYOR)},
    },
}

# Provincial posts at the tenth meeting: gouverneur adjoint de la province du Hunan … Zhou Haibing; vice-gouverneur
# du Jiangxi … Wan Guangming.
VICE_GOVERNORS_10 = {("周海兵", "Hunan"), ("万广明", "Jiangxi")}

DATES = {5: "2017-04-10", 9: "2023-02-21", 10: "2024-07-28/2024-07-29"}


@pytest.fixture(scope="module")
def posts_at_meetings() -> pd.DataFrame:
    """Each post of each person who attended, spoke or signed, shown within a week of the meeting."""
    taking = c4data.participation().query("part in ['attended', 'spoke', 'signed']")
    taking = taking.merge(c4data.meetings()[["meeting_id", "date_min", "date_max"]], on="meeting_id")
    posts = taking.merge(c4data.roles(), on="person_id", suffixes=("_part", ""))
    near = (posts["as_of_max"] >= posts["date_min"] - WEEK) & (posts["as_of_min"] <= posts["date_max"] + WEEK)
    return posts[near]


@pytest.mark.parametrize("meeting_id", sorted(REPRESENTATIVES))
def test_who_represented_each_capital(meeting_id, posts_at_meetings):
    names = c4data.cities().set_index("city_id")["name_en"]
    here = posts_at_meetings[(posts_at_meetings["meeting_id"] == meeting_id) & posts_at_meetings["city_id"].notna()]
    found: dict[str, set[tuple[str, str]]] = {}
    for _, post in here.iterrows():
        found.setdefault(names[post["city_id"]], set()).add((post["person_zh"], post["position_en"]))
    assert found == REPRESENTATIVES[meeting_id]
    assert c4data.meetings().set_index("meeting_id").loc[meeting_id, "date"] == DATES[meeting_id]


def test_vice_governors_at_the_tenth(posts_at_meetings):
    tenth = posts_at_meetings.query("meeting_id == 10 and position_en == 'Vice Governor'")
    assert set(zip(tenth["person_zh"], tenth["province_en"], strict=True)) == VICE_GOVERNORS_10


def test_the_readme_query_of_who_took_part():
    readme = (REPO_ROOT / "README.md").read_text(encoding="utf-8")
    section = readme.split("### Who took part in each meeting, with their posts at the time", 1)[1]
    (block,) = re.findall(r"```python\n(.*?)```", section.split("\n### ", 1)[0], flags=re.DOTALL)
    namespace: dict = {"c4data": c4data}
    exec(compile(block, "README.md", "exec"), namespace)
    taking_part = namespace["taking_part"]
    ninth = taking_part.loc[9]
    secretaries = {"郭元强", "吴桂英", "虞爱华", "李红军"}
    mayors = {"程用文", "郑建新", "罗云峰", "万广明"}
    assert set(ninth.index.get_level_values("name_zh")) == secretaries | mayors
    for name in mayors:
        assert "Mayor" in ninth.xs(name, level="name_zh")["posts"].iloc[0]
    tenth = taking_part.loc[10].xs("周海兵", level="name_zh")
    assert tenth[["parts", "posts"]].iloc[0].tolist() == ["attended", "Vice Governor, Hunan Provincial Government"]
    # Every official who took part is listed with at least one post.
    assert len(taking_part) == c4data.participation().groupby(["meeting_id", "person_id"]).ngroups
