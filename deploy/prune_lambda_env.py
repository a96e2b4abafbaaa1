"""Remove from the Lambda build environment what the site never loads on Lambda.

Run by `make package` on .build/lambda-env after the dependencies are installed:
the service models of botocore's ~400 other AWS services, translations (the
site runs with USE_I18N = False), the database backends (DATABASES = {}), the
Django contrib apps that are not installed, the admin's static files
(collectstatic uploads them to S3 from the developer's machine), and the parts
of fontTools that fpdf2 never loads. Without this, the zipped package is about
36 MiB; with it, under 15 MiB (bench.cold_start prints the size).

    python deploy/prune_lambda_env.py .build/lambda-env/lib/python3.13/site-packages
"""

import shutil
import sys
from pathlib import Path

# dynamodbstreams: `manage.py dead_letters recover` reads a failed batch back from
# its stream (apps/core/background/dead_letters.py), and bench.fanout's worker.
BOTOCORE_SERVICES_USED = {"dynamodb", "dynamodbstreams", "s3", "ses", "sesv2", "ssm", "sts"}
DJANGO_CONTRIB_UNUSED = [
    "admindocs",
    "flatpages",
    "gis",
    "humanize",
    "postgres",
    "redirects",
    "sitemaps",
    "syndication",
]
DJANGO_BACKENDS_UNUSED = ["mysql", "oracle", "postgresql", "sqlite3"]
# fpdf2 loads none of these fontTools packages for a PDF in the core fonts.
FONTTOOLS_UNUSED = ["cu2qu", "diff", "merge", "mtiLib", "qu2cu", "ufoLib", "voltLib"]


def prunable(site_packages: Path) -> list[Path]:
    botocore_data = site_packages / "botocore" / "data"
    django = site_packages / "django"
    paths = [
        p for p in botocore_data.iterdir() if p.is_dir() and p.name not in BOTOCORE_SERVICES_USED
    ]
    paths += botocore_data.glob("*/*/examples-1.json")
    paths += [
        p
        for p in (django / "conf" / "locale").iterdir()
        if p.is_dir() and p.name not in ("en", "__pycache__")
    ]
    paths += (django / "contrib").glob("*/locale")
    paths += [django / "contrib" / name for name in DJANGO_CONTRIB_UNUSED]
    paths += [django / "db" / "backends" / name for name in DJANGO_BACKENDS_UNUSED]
    paths.append(django / "contrib" / "admin" / "static")
    fonttools = site_packages / "fontTools"
    paths += [fonttools / name for name in FONTTOOLS_UNUSED]
    # Cython speed-ups (12 MiB) and their C sources; fontTools falls back to the same
    # modules in pure Python, fast enough for one page.
    paths += fonttools.glob("**/*.so")
    paths += fonttools.glob("**/*.c")
    return paths


def main(site_packages: Path) -> None:
    for path in prunable(site_packages):
        if path.is_dir():
            shutil.rmtree(path)
        else:
            path.unlink(missing_ok=True)


if __name__ == "__main__":
    main(Path(sys.argv[1]))
