"""Balances whose sign the words do not give, signed by the article's own exports and imports.

"The foreign trade balance stood at $3.36 billion" after exports of $8.1 billion and imports of $11.5
billion is a deficit: a balance is negative for a deficit even when written as a positive amount. The
sign is taken only from arithmetic the article itself states (exports minus imports of the same reporter,
partner, period and currency within rounding of the balance), never guessed.
"""

from __future__ import annotations

import re
from decimal import Decimal

from transform.draft import Draft

# Words that already say which side a balance is on: it is signed as written.
_SIGN_WORDS = re.compile(
    r"deficit|surplus|negative|positive|favou?r|exceed|outstrip|outpac|gap|shortfall|[-−–]\s?[$€¥£]?\s?\d",
    re.IGNORECASE,
)
# Exports minus imports agree with the balance when within this share of it (rounding of three figures).
AGREEMENT = Decimal("0.01")


def sign_balances_by_arithmetic(drafts: list[Draft]) -> None:
    """Sign the article's unsigned balances by its stated exports and imports of the same trade."""
    for balance in drafts:
        if balance.flow != "balance" or balance.role != "level" or balance.value <= 0:
            continue
        if _SIGN_WORDS.search(balance.sentence.text):
            continue
        difference = _difference(drafts, balance)
        if difference is None or difference >= 0:
            continue
        balance.value = -balance.value
        if balance.value_usd is not None:
            balance.value_usd = -abs(balance.value_usd)


def _difference(drafts: list[Draft], balance: Draft) -> Decimal | None:
    """Exports minus imports of the balance's trade, when both are stated and agree with the balance."""

    def same(d: Draft, flow: str) -> bool:
        return (
            d.flow == flow
            and d.role == "level"
            and d.commodity is None
            and (d.reporter, d.partner, d.period, d.amount.currency)
            == (balance.reporter, balance.partner, balance.period, balance.amount.currency)
        )

    exports = [d.value for d in drafts if same(d, "export")]
    imports = [d.value for d in drafts if same(d, "import")]
    if len(exports) != 1 or len(imports) != 1:
        return None
    difference = exports[0] - imports[0]
    if abs(abs(difference) - abs(balance.value)) > AGREEMENT * abs(balance.value):
        return None
    return difference
