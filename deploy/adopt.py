"""Adopting a stage made by the old manual steps: its tables join a stack without losing an item.

    make adopt STAGE=production

A stage deployed before it had a stack has its tables (made by
``manage.py dynamodb_tables create``) and its function's log group, but no
stack. Adoption:

1. finds them under the settings' prefix and refuses if one's keys differ from
   what the code declares (the stack could only replace it);
2. creates the stage's stack by importing them as they are, the generated
   ``ResourcesToImport`` checked against the template first (deploy/imports.py);
3. updates the stack to the code's template: point-in-time recovery, deletion
   protection, TTL, streams, tags, and everything else the stage has.

Then `make deploy` moves the function onto the stack's role, buckets and
settings. What the manual steps made by hand is no longer used and stays until
you delete it (README: Adopting a stage).
"""

from __future__ import annotations

from deploy import changes, commands, imports
from deploy.stack import table_logical_id, template


def adopt(context: commands.Context) -> None:
    stage, say = context.stage, context.say
    commands.refuse_unfilled(stage)
    cloudformation = context.client("cloudformation")
    if changes.stack_status(cloudformation, stage.stack_name) not in (None, "REVIEW_IN_PROGRESS"):
        raise changes.Refused(f"{stage.stack_name} exists: the stage is adopted already.")
    prefix = stage.table_prefix
    names = {
        table_logical_id(stage, m.Meta.logical_name, prefix): prefix + m.Meta.logical_name
        for m in context.models
    }
    found = imports.found_tables(context.client("dynamodb"), names)
    if not found:
        raise changes.Refused(f"No table {prefix}* exists: nothing to adopt, run `make deploy`.")
    declared = template(stage, context.models, prefix)
    found_template = imports.import_template(None, found)
    differences = changes.replacement_refusals(found_template, declared)
    if differences:
        raise changes.Refused(
            "Refused: these tables differ from the code in ways only a new table could "
            "fix:\n  " + "\n  ".join(differences)
        )
    found.update(
        imports.found_log_group(context.client("logs"), stage.log_group, "FunctionLogGroup")
    )
    proposed = imports.import_template(None, found)
    to_import = imports.resources_to_import(found)
    problems = imports.import_problems(proposed, to_import)
    if problems:
        raise changes.Refused("Refused to import:\n  " + "\n  ".join(problems))
    say(f"Importing {len(to_import)} resources into {stage.stack_name}:")
    context.apply(proposed, resources_to_import=to_import)
    context.apply(declared)
    missing = sorted(set(names) - set(found))
    if missing:
        say(f"Not found, created new: {', '.join(names[m] for m in missing)}")
    say(f"Adopted. Now `make deploy STAGE={stage.name}` puts the code on the stack.")
