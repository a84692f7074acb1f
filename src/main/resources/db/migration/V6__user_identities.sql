-- Sign-in identities: a user is linked to the (issuer, subject) pair of each OIDC identity that signs
-- them in, on first sign-in, and found by it afterwards (owned by the auth feature).
create table user_identities (
  issuer          text not null,
  subject         text not null,
  user_id         uuid not null references users (id),
  email           text not null,
  linked_at       timestamptz not null,
  last_sign_in_at timestamptz not null,
  primary key (issuer, subject)
);
create index user_identities_user on user_identities (user_id);
