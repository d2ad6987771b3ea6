"""Decks and a clock the tests share: every markup string, a sample, a broken one."""

from __future__ import annotations

from datetime import UTC, datetime

NOW = datetime(2025, 3, 3, 9, 0, tzinfo=UTC)

# Every string that Textual markup would act on: card text must show them as they are.
MARKUP_DECK = """\
deck: markup
title: "[bold]Markup[/] deck"
language: en
description: "list[int] and [@click=app.quit]quit[/]"
timeline:
  - id: one
    date: "1991"
    event: "[bold]One[/] happened"
    source: "[@click=app.quit]quit[/] said the source"
  - id: two
    date: "1993"
    event: "[/] two list[int]"
  - id: three
    date: "1995"
    event: "Three [@click=app.quit]quit[/]"
  - id: four
    date: "1997"
    event: "Four [/]"
  - id: five
    date: "1999"
    event: "Five [bold]"
facts:
  - id: fact
    question: "Which [bold]type[/] holds ints, as list[str] holds strings?"
    answer: "list[int]"
    distractors: ["[/]", "[@click=app.quit]quit[/]", "[b]x"]
cards:
  - id: card
    front: "[@click=app.quit]quit[/]"
    back: "[/] back list[int]"
    note: "[bold]note[/]"
"""

# A small deck that stands in for the bundled ones in the snapshots, so that editing a
# bundled deck does not change every picture. French, with long lines, as the real ones.
SAMPLE_DECK = """\
deck: echantillon
title: Relations OTAN–UE (échantillon)
language: fr
source: "OTAN, « Relations avec l'Union européenne », mis à jour le 26 juin 2018"
description: "Quelques faits des relations OTAN–UE, pour les tests de l'application."
tags: [otan, ue]
timeline:
  - id: maastricht
    date: "1992-02"
    event: "L'UE adopte le traité de Maastricht : une politique étrangère et de sécurité commune (PESC) intergouvernementale"
    source: "L'UE adopte le traité de Maastricht, qui prévoit une politique étrangère et de sécurité commune (PESC) intergouvernementale"
  - id: saint-malo
    date: "1998-12"
    event: "Au sommet de Saint-Malo, la France et le Royaume-Uni affirment la détermination de l'UE à établir une PESD"
  - id: prague
    date: "2002-11"
    event: "Au sommet de Prague, les pays de l'OTAN se déclarent disposés à donner à l'UE un accès à leurs moyens"
  - id: concordia
    date: "2003-03-31"
    event: "L'opération Concordia, dirigée par l'UE, succède à l'opération Allied Harmony de l'OTAN"
    source: "Le 31 mars 2003, l'opération Concordia, dirigée par l'UE, a succédé à l'opération Allied Harmony"
    note: "La première opération « Berlin plus »."
  - id: althea
    date: "2004-12-02"
    event: "L'UE lance l'opération Althea en Bosnie-Herzégovine"
  - id: varsovie
    date: "2016-07"
    event: "À Varsovie, l'UE et l'OTAN signent une déclaration commune"
facts:
  - id: membres-communs
    question: "Combien d'États membres l'OTAN et l'UE ont-elles en commun ?"
    answer: "22"
    accept: [vingt-deux]
    distractors: ["21", "23", "27"]
    source: "l'OTAN et l'UE ont désormais 22 États membres en commun"
  - id: mesures-2016
    question: "Combien de mesures de coopération ont été entérinées en décembre 2016 ?"
    answer: "42"
    distractors: ["32", "24", "52"]
cards:
  - id: berlin-plus
    front: "Que permettent les arrangements « Berlin plus » ?"
    back: "Le soutien de l'OTAN à des opérations dirigées par l'UE"
cloze:
  - id: cadre-2003
    text: "Les arrangements « Berlin plus » ont été adoptés en {{2003}}."
"""

BROKEN_DECK = """\
deck: broken
title: Broken
language: en
timeline:
  - id: bad
    date: "2003-02-30"
    event: An impossible date
"""
