"""More of the translators' commands (`i18n tmx`, `i18n glossary`, `i18n add`), kept out of
kzreport/cli.py so that each file stays short; cli.py adds them to its `i18n` group.

Like every command, each finds the project (the `Context` cli.py passes), calls one function of
kzreport/i18n/ and prints the result; a wrong command line is exit status 2.
"""

from __future__ import annotations

from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import click

from kzreport.cliutil import language_and_output, print_diagnostics, valid_project
from kzreport.errors import Diagnostics, KzError, display_path


def _translation_language(project: Any, lang: str) -> str:
    if lang not in project.languages[1:]:
        raise click.BadParameter(f"{lang} is not a translation language of this project "
                                 f"({', '.join(project.languages[1:]) or 'none'})", param_hint="-l")
    return lang


@contextmanager
def _writing(out: Path) -> Iterator[None]:
    try:
        yield
    except OSError as exc:
        raise KzError(f"{display_path(out)}: error: cannot write {display_path(out)}: {exc.strerror or exc}; "
                      f"choose another file with -o") from None


def _written(out: Path, what: str) -> None:
    click.echo(f"wrote {what} to {display_path(out.resolve())}")


@click.command("tmx")
@language_and_output("TMX", "ru.tmx")
@click.option("--internal", is_flag=True, help="Only for translators bound to confidentiality: the real names and "
                                               "the confidential cases too.")
@click.pass_obj
def i18n_tmx(obj: Any, lang: str, out: Path, internal: bool) -> None:
    """Write every current translation of a language as a TMX 1.4 translation memory (pseudonyms instead
    of protected names, and no confidential case, unless --internal)."""
    from kzreport.i18n.tm import write_tmx

    project = valid_project(obj)
    lang = _translation_language(project, lang)
    with _writing(out):
        result = write_tmx(project, lang, out, internal=internal)
    if result.naming:
        click.echo(f"{display_path(out)}: warning: this file carries the real names protected by the case(s) "
                   f"{', '.join(result.naming)}; send it only to translators bound to confidentiality, or write it "
                   f"without --internal for anyone else", err=True)
    n = result.pairs
    _written(out, f"{n} current translation pair{'s' if n != 1 else ''}")


@click.command("glossary")
@language_and_output("TBX", "ru.tbx")
@click.pass_obj
def i18n_glossary(obj: Any, lang: str, out: Path) -> None:
    """Write the glossary of a language (content/LANG/glossary.yaml) as TBX for translation tools."""
    from kzreport.i18n.glossary import write_tbx
    from kzreport.load.glossary import glossary_path, load_glossary

    project = valid_project(obj)
    _translation_language(project, lang)
    diags = Diagnostics()
    terms = load_glossary(project.layout, lang, diags)
    if diags.has_errors():
        print_diagnostics(diags)
        raise KzError("fix the glossary first")
    if not terms:
        raise KzError(f"{display_path(glossary_path(project.layout, lang))}: there is no glossary for {lang} yet: "
                      f"write its terms there, one a line (Committee against Torture: <the term in {lang}>)")
    with _writing(out):
        write_tbx(project, lang, terms, out)
    _written(out, f"{len(terms)} term{'s' if len(terms) != 1 else ''}")


@click.command("add")
@click.argument("lang", metavar="LANG")
@click.pass_obj
def i18n_add(obj: Any, lang: str) -> None:
    """Add a language: LANG in kzreport.yaml, and content/LANG/ with everything there is to translate."""
    from kzreport.i18n.addlang import check_code

    check_code(lang)
    project = add_language(obj.root(), lang)
    print_left(project, lang)


def add_language(root: Path, lang: str) -> Any:
    """Add `lang` to the project at `root` (also for `kzreport init --languages`); the project reloaded."""
    from kzreport.i18n.addlang import add_language as add
    from kzreport.load.project import load_project

    diags = Diagnostics()
    project = load_project(root, diags)
    blocking = [d for d in diags.errors if f"content/{lang}/ does not exist" not in d.message]
    if project is None or blocking:
        for d in blocking or diags.errors:
            click.echo(d.format(), err=True)
        raise KzError("fix the problems above first (kzreport check lists them)")
    result = add(project, lang)
    if result.settings_changed:
        click.echo(f"added {lang} to languages: in {display_path(project.settings.path)}")
    click.echo(f"created content/{lang}/ ({len(result.files)} files)")
    reloaded = load_project(root, Diagnostics())
    assert reloaded is not None
    return reloaded


def print_left(project: Any, lang: str) -> None:
    from kzreport.i18n.addlang import left_to_translate

    units, words = left_to_translate(project, lang)
    src = project.settings.source_language
    click.echo(f"{lang}: {units} unit{'s' if units != 1 else ''} to translate ({words} words of {src} text):")
    click.echo(f"  content/{lang}/*.md: the blocks (a title and a text each)")
    tree = project.layout.lang(lang)
    for path in sorted(tree.rglob("*.yaml")):
        rel = path.relative_to(project.root).as_posix()
        what = {"sources.yaml": "the sources' titles (copied from the source language)",
                "glossary.yaml": "the glossary of fixed terms (optional)"}.get(path.name, "short texts, commented out")
        click.echo(f"  {rel}: {what}")
    click.echo(f"next: kzreport i18n status -l {lang} lists each unit; kzreport i18n export -l {lang} -o {lang}.xlf "
               f"for translation tools")


COMMANDS = [i18n_tmx, i18n_glossary, i18n_add]
