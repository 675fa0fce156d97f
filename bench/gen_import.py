#!/usr/bin/env python3
"""bench/gen_import.py — write N articles as import lines (docs/import.md).

    bench/gen_import.py COUNT > articles.jsonl

Deterministic (a fixed seed): Korean titles and three to six paragraphs
from phrase lists like the demo's, six sections, 200 reporters (two
bylines on every fifth article), two to four keywords, times going back
ten minutes an article from 2024-12-31, a url each; every third body
comes as HTML (with a <script> and an onclick for the converter to drop),
the rest as Markdown.  The data stays out of git: bench/import.sh writes
it to a temp dir.
"""
import json
import random
import sys
from datetime import datetime, timedelta, timezone

SECTIONS = ["industry1", "industry2", "economy", "policy", "tech", "exhibition"]
SURNAMES = "김이박최정강조윤장임한오서신권황안송류홍"
GIVEN = ["민준", "서연", "지훈", "유진", "도윤", "하은", "시우", "지아", "준서", "수빈"]
COMPANIES = ["한빛정밀", "대한기계", "서해중공업", "미래로봇", "동양금형",
             "세진산업", "코리아센서", "우리테크", "태성전자", "한길소재"]
THINGS = ["스마트공장 솔루션", "협동로봇", "5축 가공기", "사출금형", "산업용 센서",
          "전기차 부품", "수소 연료전지", "물류 자동화 설비", "공작기계", "반도체 장비"]
ACTIONS = ["수출 계약 체결", "신제품 공개", "생산라인 증설", "해외 시장 진출",
           "기술 개발 성공", "공동 연구 착수", "품질 인증 획득", "투자 유치"]
PLACES = ["창원", "인천 남동공단", "시화", "구미", "울산", "광주", "대구", "판교"]
SENTENCES = [
    "업계에서는 이번 성과가 국내 제조업 경쟁력을 끌어올리는 계기가 될 것으로 보고 있다.",
    "회사 측은 내년 상반기까지 관련 인력을 두 배로 늘리겠다고 밝혔다.",
    "중소 협력사와의 상생 방안도 함께 추진된다.",
    "정부는 관련 규제를 정비하고 시험 인증 비용을 지원하기로 했다.",
    "전문가들은 원자재 가격과 환율 변동을 변수로 꼽았다.",
    "현장 관계자는 \"납기와 품질을 모두 잡는 것이 관건\"이라고 말했다.",
    "이번 사업에는 지역 대학과 연구기관도 참여한다.",
    "해외 바이어들의 문의도 꾸준히 늘고 있는 것으로 알려졌다.",
    "생산성은 기존 대비 30% 이상 높아질 것으로 예상된다.",
    "회사는 다음 달 열리는 산업전시회에서 시제품을 선보일 예정이다.",
]
KST = timezone(timedelta(hours=9))


def main():
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 100000
    rnd = random.Random(20141219)
    reporters = []
    for i in range(200):
        name = SURNAMES[i % len(SURNAMES)] + GIVEN[(i // len(SURNAMES)) % len(GIVEN)]
        reporters.append({"name": f"{name}{i // 200 or ''}",
                          "email": f"reporter{i}@example.com"})
    start = datetime(2024, 12, 31, 18, 0, 0, tzinfo=KST)
    out = sys.stdout
    for i in range(count):
        company, thing = rnd.choice(COMPANIES), rnd.choice(THINGS)
        action, place = rnd.choice(ACTIONS), rnd.choice(PLACES)
        paras = [f"{company}가 {thing} 분야에서 {action} 소식을 알렸다. "
                 f"회사는 {place} 공장을 거점으로 사업을 넓힌다는 계획이다."]
        for _ in range(rnd.randint(2, 5)):
            paras.append(" ".join(rnd.choice(SENTENCES) for _ in range(3)))
        authors = [reporters[i % 200]]
        if i % 5 == 0:
            authors.append(reporters[(i * 7 + 3) % 200])
        t = start - timedelta(minutes=10 * i)
        line = {
            "title": f"{company}, {thing} {action}",
            "subtitle": f"{place} 공장 중심으로 연내 {rnd.randint(10, 500)}억 원 규모",
            "section": SECTIONS[i % len(SECTIONS)],
            "authors": authors,
            "dateline": "[산업일보]",
            "published_at": t.isoformat(),
            "keywords": rnd.sample([company, thing, place, "제조업", "수출"],
                                   rnd.randint(2, 4)),
            "url": f"https://old.example.com/news/articleView.html?idxno={i + 1}",
        }
        if i % 3 == 0:
            line["body_html"] = (
                "".join(f"<p onclick=\"track({i})\">{p}</p>" for p in paras)
                + "<script>track()</script>")
        else:
            line["body_markdown"] = "\n\n".join(paras)
        out.write(json.dumps(line, ensure_ascii=False))
        out.write("\n")


if __name__ == "__main__":
    main()
