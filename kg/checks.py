"""``kg check-data``: validate every shipped data file and report all problems, not just the first."""

from __future__ import annotations

from .errors import KGError


def check_all() -> list[str]:
    problems: list[str] = []
    try:
        from .actors.gazetteer import load_gazetteer

        gaz = load_gazetteer()
        if not gaz.titles:
            problems.append("kg/data/roles.yaml: no titles")
        if not gaz.nouns:
            problems.append("kg/data/actor_nouns.yaml: no nouns")
    except (KGError, OSError) as e:
        problems.append(str(e))
    try:
        from .extractors.lexicon import load_lexicon

        lex = load_lexicon()
        problems.extend(check_cue_classes(lex))
    except (KGError, OSError) as e:
        problems.append(str(e))
    try:
        from .graph.assemble import type_info
        from .records import RelationType

        info = type_info()
        for t in RelationType:
            if info[t].direct.endswith("relatedTo"):
                problems.append(f"ontology/dipl.ttl: class {t.class_name} has no dipl:directProperty")
    except Exception as e:  # noqa: BLE001 - report any parse problem as a data problem
        problems.append(f"ontology/dipl.ttl: {e}")
    return problems


def check_cue_classes(lex) -> list[str]:
    """Every cue's relation class exists in dipl.ttl under its type's class."""
    from rdflib import Graph
    from rdflib.namespace import RDFS

    from .config import ontology_dir
    from .graph.namespaces import DIPL

    onto = Graph().parse(ontology_dir() / "dipl.ttl", format="turtle")
    out = []
    for cues in lex.cues.values():
        for cue in cues:
            cls = DIPL[cue.relation]
            top = DIPL[cue.type.class_name]
            if cls != top and top not in set(onto.transitive_objects(cls, RDFS.subClassOf)):
                out.append(f"kg/data/relation_cues.yaml: cue '{cue.label}': class {cue.relation} is not a subclass of {cue.type.class_name} in dipl.ttl")
    return sorted(set(out))
