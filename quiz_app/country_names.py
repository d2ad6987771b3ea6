"""Other names of the same country, in French and in English: the checker takes any of them
for an answer of kind `country` or `place` (Türkiye for Turkey, Russian Federation for
Russia), as a teacher would. One group per country; a deck's `accept` list still adds
names the table does not hold.

Only names of one and the same state go in a group: "Great Britain" stands for the
United Kingdom in usual speech, "Macedonia" for North Macedonia; never a neighbour, a
region or a former state that was another country (not the Soviet Union for Russia).
"""

from __future__ import annotations

COUNTRY_NAMES: tuple[tuple[str, ...], ...] = (
    ("Allemagne", "République fédérale d'Allemagne", "Germany", "Federal Republic of Germany"),
    ("Biélorussie", "Bélarus", "Belarus", "Byelorussia"),
    ("Bosnie-Herzégovine", "Bosnie", "Bosnia and Herzegovina", "Bosnia-Herzegovina", "Bosnia"),
    ("Côte d'Ivoire", "Ivory Coast"),
    ("États-Unis", "États-Unis d'Amérique", "United States", "United States of America", "USA"),
    (
        "Macédoine du Nord",
        "République de Macédoine du Nord",
        "ancienne République yougoslave de Macédoine",
        "ARYM",
        "Macédoine",
        "North Macedonia",
        "Republic of North Macedonia",
        "former Yugoslav Republic of Macedonia",
        "FYROM",
        "Macedonia",
    ),
    ("Moldavie", "République de Moldavie", "Moldova", "Republic of Moldova"),
    ("Pays-Bas", "Hollande", "Netherlands", "Holland"),
    ("Royaume-Uni", "Grande-Bretagne", "United Kingdom", "UK", "Great Britain", "Britain"),
    ("Russie", "Fédération de Russie", "Russia", "Russian Federation"),
    ("Tchéquie", "République tchèque", "Czechia", "Czech Republic"),
    ("Turquie", "Türkiye", "République de Türkiye", "Turkey", "Republic of Türkiye"),
)
