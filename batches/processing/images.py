"""The pixel budget: an image's size is read from its header and refused before any pixel is decoded.

Why: a decoder allocates the whole raster the header declares. A PNG of a few KB may declare
60,000 x 60,000 pixels (3.6 billion: gigabytes of memory in Pillow or resvg) and a worker that
decodes it dies or takes its machine's memory. A page of a document is far smaller: an A4 page
at 600 dpi is 35 megapixels.
"""

from __future__ import annotations

import io
import warnings

from batches.processing.base import CORRUPT_FILE, FILE_TOO_LARGE, ProcessingError

MAX_PIXELS = 40_000_000
_BUDGET = f"{MAX_PIXELS // 1_000_000} megapixels"


def pixel_budget_apply() -> None:
    """Make Pillow hold the budget in this process (a worker calls this at start).

    Pillow refuses an image above twice ``MAX_IMAGE_PIXELS`` and only warns between once and
    twice; the warning becomes an error here, so the budget holds wherever Pillow opens an image.
    """
    from PIL import Image

    Image.MAX_IMAGE_PIXELS = MAX_PIXELS
    warnings.simplefilter("error", Image.DecompressionBombWarning)


def image_check_size(content: bytes, *, what: str = "The image") -> tuple[int, int]:
    """Width and height from the image's header; ``file_too_large`` past the budget.

    Only the header is read (Pillow decodes nothing until asked), whatever the budget in force.
    """
    from PIL import Image, UnidentifiedImageError

    try:
        with warnings.catch_warnings():
            warnings.simplefilter("error", Image.DecompressionBombWarning)
            with Image.open(io.BytesIO(content)) as image:
                width, height = image.size
    except (Image.DecompressionBombError, Image.DecompressionBombWarning):
        raise ProcessingError(
            FILE_TOO_LARGE, f"{what} is larger than {_BUDGET}; refused before decoding."
        ) from None
    except (UnidentifiedImageError, OSError, SyntaxError, ValueError) as exc:
        raise ProcessingError(CORRUPT_FILE, f"{what} cannot be read: {exc}.") from None
    if width * height > MAX_PIXELS:
        raise ProcessingError(
            FILE_TOO_LARGE,
            f"{what} is {width:,} x {height:,} pixels, larger than {_BUDGET}; refused before decoding.",
        )
    return width, height
