"""Serializers of the conference's delegates (api-v1.md, "The conference and the vote";
voting.md, "Who may vote for a unit"). Output is built from the model rows by
`delegate_data` and `nomination_data`; input only checks the shape of JSON, the rules are
thidua.voting.delegates'."""

from __future__ import annotations

from django.utils.translation import gettext_lazy as _
from rest_framework import serializers

from thidua.voting.models import Delegate, DelegateNomination

from .common import MAX_ID, CharField, IntegerField


class DelegateInputSerializer(serializers.Serializer):
    """Either the voting delegate (`user`, with `authorisation` unless it is the head) or
    `{"confirm": true}` alone: the head confirms the officer's pending nomination."""

    user = IntegerField(required=False, min_value=1, max_value=MAX_ID, help_text="The delegate's account: a user of that unit.")
    full_name = CharField(required=False, allow_blank=True, max_length=150, help_text="Defaults to the account's full name.")
    position = CharField(required=False, allow_blank=True, max_length=150)
    authorisation = CharField(
        required=False,
        allow_blank=True,
        max_length=300,
        help_text="E.g. “Giấy ủy quyền số 12/GUQ-SNV ngày 10/12/2026”; required unless the delegate is the head.",
    )
    confirm = serializers.BooleanField(
        required=False, default=False, help_text="true (alone): the head confirms the pending nomination made by the unit's officer."
    )

    def validate(self, attrs):
        if attrs.get("confirm"):
            extra = sorted(set(attrs) - {"confirm"})
            if extra:
                raise serializers.ValidationError({name: [_("Không dùng cùng “confirm”.")] for name in extra})
        elif attrs.get("user") is None:
            raise serializers.ValidationError({"user": [_("Cần chọn tài khoản của người biểu quyết (một tài khoản của đơn vị).")]})
        return attrs


class DelegateSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=Delegate.Kind.values)
    user = serializers.IntegerField(allow_null=True)
    full_name = serializers.CharField()
    position = serializers.CharField()
    authorisation = serializers.CharField()
    state = serializers.ChoiceField(choices=["confirmed"], help_text="Always “confirmed”: a pending nomination is not a delegate.")
    named_by = serializers.IntegerField(allow_null=True, help_text="Who named it: the head, or the officer whose nomination it was.")
    confirmed_by = serializers.IntegerField(allow_null=True, help_text="The head who confirmed it (voting delegates).")
    confirmed_at = serializers.DateTimeField(allow_null=True)


class NominationSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    kind = serializers.ChoiceField(choices=[Delegate.Kind.VOTING])
    user = serializers.IntegerField()
    full_name = serializers.CharField()
    position = serializers.CharField()
    authorisation = serializers.CharField()
    state = serializers.ChoiceField(choices=["pending"], help_text="Waiting for the head's confirmation; it votes for nothing yet.")
    proposed_by = serializers.IntegerField(allow_null=True)
    proposed_at = serializers.DateTimeField()


class UnitDelegatesSerializer(serializers.Serializer):
    unit = serializers.IntegerField()
    voting = DelegateSerializer(allow_null=True, help_text="The voting delegate; null: the unit's head votes.")
    pending = NominationSerializer(allow_null=True, help_text="An officer's nomination waiting for the head.")
    observers = DelegateSerializer(many=True)


def delegate_data(d: Delegate) -> dict:
    return {
        "unit": d.unit_id,
        "kind": d.kind,
        "user": d.user_id,
        "full_name": d.full_name,
        "position": d.position,
        "authorisation": d.authorisation,
        "state": "confirmed",
        "named_by": d.named_by_id,
        "confirmed_by": d.confirmed_by_id,
        "confirmed_at": d.confirmed_at,
    }


def nomination_data(n: DelegateNomination) -> dict:
    return {
        "unit": n.unit_id,
        "kind": Delegate.Kind.VOTING,
        "user": n.user_id,
        "full_name": n.full_name,
        "position": n.position,
        "authorisation": n.authorisation,
        "state": "pending",
        "proposed_by": n.proposed_by_id,
        "proposed_at": n.proposed_at,
    }
