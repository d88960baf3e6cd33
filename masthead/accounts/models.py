from django.contrib.auth.base_user import AbstractBaseUser, BaseUserManager
from django.contrib.auth.models import PermissionsMixin
from django.db import models
from django.db.models.functions import Lower
from django.utils import timezone
from django.utils.crypto import salted_hmac

from masthead.core.text import clean_name

from .fields import EncryptedCharField


def normalize_email(email):
    """Return the canonical form of an address: trimmed and lower-cased.

    The whole address is folded, not only the domain: readers type their
    address in whatever case, and two accounts differing only by case are
    always a mistake. An internationalised domain is kept in its Unicode form, whether
    it was typed so or arrived as punycode (``xn--``), so both name the same member.
    """
    email = (email or "").strip().lower()
    local, at, domain = email.rpartition("@")
    if at and "xn--" in domain:
        try:
            domain = domain.encode("ascii").decode("idna")
        except UnicodeError:
            pass
        email = f"{local}@{domain}"
    return email


class MemberManager(BaseUserManager):
    use_in_migrations = True

    def get_by_natural_key(self, email):
        return self.get(email__iexact=normalize_email(email))

    def _create(self, email, password, **fields):
        if not email:
            raise ValueError("A member needs an email address.")
        member = self.model(email=normalize_email(email), **fields)
        if password:
            member.set_password(password)
        else:
            member.set_unusable_password()
        member.save(using=self._db)
        return member

    def create_user(self, email, password=None, **fields):
        fields.setdefault("is_staff", False)
        fields.setdefault("is_superuser", False)
        return self._create(email, password, **fields)

    def create_superuser(self, email, password=None, **fields):
        fields.update(is_staff=True, is_superuser=True)
        return self._create(email, password, **fields)


class Member(AbstractBaseUser, PermissionsMixin):
    """A person with an account: a reader, or staff with editing permissions.

    The email address is the identity; readers sign in without a password.
    """

    email = models.EmailField("email address", max_length=254, unique=True)
    display_name = models.CharField(
        max_length=80, blank=True, help_text="Shown with comments and in bylines of letters."
    )
    first_name = models.CharField(max_length=150, blank=True)
    last_name = models.CharField(max_length=150, blank=True)
    is_staff = models.BooleanField(
        default=False, help_text="Staff can sign in to the editors' admin."
    )
    is_active = models.BooleanField(default=True)
    date_joined = models.DateTimeField(default=timezone.now)
    terms_version = models.CharField(
        max_length=40, blank=True, help_text="The version of the terms accepted at registration."
    )
    terms_accepted_at = models.DateTimeField(null=True, blank=True)
    daily_edition = models.BooleanField(
        null=True,
        blank=True,
        help_text="The Daily Edition choice made at registration (unset: never asked).",
    )
    daily_edition_chosen_at = models.DateTimeField(null=True, blank=True)
    # Raised by "sign out everywhere": every session signed with an older value ends.
    session_generation = models.PositiveIntegerField(default=0, editable=False)

    objects = MemberManager()

    USERNAME_FIELD = "email"
    EMAIL_FIELD = "email"
    REQUIRED_FIELDS = []

    class Meta:
        verbose_name = "member"
        constraints = [
            models.UniqueConstraint(Lower("email"), name="member_email_ci_unique"),
        ]

    def __str__(self):
        return self.email

    def save(self, *args, **kwargs):
        self.email = normalize_email(self.email)
        # Names are shown to other readers: however they were set (the account page, a
        # comment form, a provider's profile, the admin), nothing invisible is kept.
        for field in ("display_name", "first_name", "last_name"):
            max_length = self._meta.get_field(field).max_length
            setattr(self, field, clean_name(getattr(self, field), max_length))
        super().save(*args, **kwargs)

    def _get_session_auth_hash(self, secret=None):
        # The password alone would leave passwordless readers no way to end other sessions.
        value = self.password
        if self.session_generation:
            value = f"{value}:{self.session_generation}"
        return salted_hmac(
            "django.contrib.auth.models.AbstractBaseUser.get_session_auth_hash",
            value,
            secret=secret,
            algorithm="sha256",
        ).hexdigest()

    def get_full_name(self):
        full = f"{self.first_name} {self.last_name}".strip()
        return full or self.display_name or self.email

    def get_short_name(self):
        return self.first_name or self.display_name or self.email.split("@")[0]


class SignInToken(models.Model):
    """A single-use sign-in link and its one-time code, as sent in one email.

    Only hashes are stored; the raw values exist in the email alone.
    """

    class Purpose(models.TextChoices):
        SIGN_IN = "sign_in", "sign in"
        REGISTER = "register", "finish registering"
        CHANGE_EMAIL = "change_email", "confirm a new email address"

    purpose = models.CharField(max_length=20, choices=Purpose.choices)
    email = models.EmailField(max_length=254, help_text="The address the email was sent to.")
    member = models.ForeignKey(
        Member, null=True, blank=True, on_delete=models.CASCADE, related_name="sign_in_tokens"
    )
    token_hash = models.CharField(max_length=64, unique=True)
    code_hash = models.CharField(max_length=64)
    code_attempts = models.PositiveSmallIntegerField(default=0)
    browser_hash = models.CharField(
        max_length=64, blank=True, help_text="Hash of the cookie of the browser that asked."
    )
    next_url = models.CharField(max_length=2000, blank=True)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)
    revoked_at = models.DateTimeField(null=True, blank=True)

    class Meta:
        indexes = [models.Index(fields=["email", "created_at"])]

    def __str__(self):
        return f"{self.get_purpose_display()} for {self.email}"


class StaffSecondFactor(models.Model):
    """A staff member's authenticator app (TOTP, RFC 6238).

    ``last_step`` is the time step of the last code accepted: a code is never accepted
    twice, so one seen over a shoulder or in a proxy log is already spent.
    """

    member = models.OneToOneField(Member, on_delete=models.CASCADE, related_name="second_factor")
    # Encrypted at rest (fields.EncryptedCharField); plain base32 in Python.
    secret = EncryptedCharField(max_length=255)
    confirmed_at = models.DateTimeField(null=True, blank=True)
    last_step = models.BigIntegerField(default=0)

    def __str__(self):
        return f"Authenticator of {self.member}"


class RecoveryCode(models.Model):
    """A single-use code that stands in for the authenticator; only its hash is kept."""

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="recovery_codes")
    code_hash = models.CharField(max_length=64)
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Recovery code of {self.member}"


class EmailChangeUndo(models.Model):
    """The undo link sent to the old address when a member's address changes.

    The link is signed and carries a random secret, of which only the hash is kept; it
    works once, for ``ACCOUNTS_EMAIL_UNDO_DAYS``, and restores ``old_email``.
    """

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="email_undos")
    old_email = models.EmailField(max_length=254)
    new_email = models.EmailField(max_length=254)
    secret_hash = models.CharField(max_length=64)
    created_at = models.DateTimeField()
    expires_at = models.DateTimeField()
    used_at = models.DateTimeField(null=True, blank=True)

    def __str__(self):
        return f"Undo {self.old_email} → {self.new_email}"


class SignInRecord(models.Model):
    """One sign-in of a member: when, and how. No address or device is kept here (the
    security log keeps what security needs)."""

    class Method(models.TextChoices):
        LINK = "link", "emailed link"
        CODE = "code", "emailed code"
        PROVIDER = "provider", "identity provider"
        PASSWORD = "password", "password"

    member = models.ForeignKey(Member, on_delete=models.CASCADE, related_name="sign_ins")
    at = models.DateTimeField(db_index=True)
    method = models.CharField(max_length=20, choices=Method.choices)

    class Meta:
        ordering = ["-at", "-pk"]

    def __str__(self):
        return f"{self.member_id} signed in by {self.method} at {self.at:%Y-%m-%d %H:%M}"
