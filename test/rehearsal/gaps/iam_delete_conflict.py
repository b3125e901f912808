# IAM refuses to delete a managed policy that is still in use: DeletePolicy answers
# DeleteConflict ("Cannot delete a policy attached to entities.") while the policy is attached
# to a user, group or role, or is a user's or role's permissions boundary (IAM API reference,
# DeletePolicy: detach it from every entity first; the console and API also refuse a boundary in
# use). moto 5.2.5 deletes it anyway. That is how a bootstrap re-applied too early fails: it
# deletes the schedules' boundary policy while the schedule's role still has it (issue 23).
# moto already refuses DeleteRole while managed policies are attached or inline ones remain.
import os

from moto.iam.exceptions import DeleteConflictException
from moto.iam.models import IAMBackend


def _in_use(backend, arn):
    policy = backend.managed_policies.get(arn)
    if policy is not None and getattr(policy, "attachment_count", 0) > 0:
        return True
    for role in backend.roles.values():
        if getattr(role, "permissions_boundary_arn", None) == arn:
            return True
    for user in backend.users.values():
        if getattr(user, "permissions_boundary", None) == arn or getattr(user, "permissions_boundary_arn", None) == arn:
            return True
    return False


def install():
    # The seeded fault of test/iam-delete-conflict.test.ts: the model left out, as moto is.
    if "iam_delete_conflict" in os.environ.get("REHEARSAL_GAPS_OFF", "").split(","):
        return
    original = IAMBackend.delete_policy

    def delete_policy(self, policy_arn):
        if _in_use(self, policy_arn):
            raise DeleteConflictException("Cannot delete a policy attached to entities.")
        return original(self, policy_arn)

    IAMBackend.delete_policy = delete_policy
