// Package fitconnect makes amtsweg speak FIT-Connect (the federal
// transport standard for submissions, FITKO) towards an authority's
// specialised system (Fachverfahren): end-to-end encrypted submissions
// that only the authority can read, and a signed routing answer as the
// FIT-Connect Routing API 2.0 gives it. docs/fitconnect.md is the
// operator's and integrator's view.
//
// # Keys and destinations
//
// An authority registers the public part of its encryption key
// (RegisterKey; `amtsweg fitconnect key`): a JWK of type RSA with at least
// 4096 bits, alg RSA-OAEP-256, use "enc" (or none) and, if key_ops is
// given, "wrapKey". Smaller keys, signature keys and private keys are
// refused with a message saying why. Registering gives the authority a
// FIT-Connect destination id (UUID); registering again replaces the key
// (rollover) and keeps the destination id.
//
// # Sealing a submission
//
// Dispatch (run every Config.Interval by Run, in every process) reads each
// tenant's event outbox (package events) after its cursor and, for every
// case.routed event of an authority with a key, enqueues one SealJob
// (unique per case and authority). The job reads the case's submitted
// application through casework as a system principal (so the reads are
// audited), builds the FIT-Connect form (Seal) and stores only the
// ciphertexts:
//
//   - metadata that validates against metadata.schema.v1.0.0.json
//     (internal/refdata/fitconnect): publicServiceType
//     urn:de:fim:leika:leistung:<LeiKa key>, contentStructure.data with the
//     SHA-512 of the plaintext data and the submissionSchema SchemaURI
//     names (https://schema.fitko.de/fim/s…_….schema.json for a procedure
//     imported from FIM), one attachment entry per file (random UUID,
//     SHA-512, filename, mimeType): first the application form, purpose
//     "form" (the receipt PDF package apply renders, read from the case
//     file or rendered through Deps.Forms), then every upload, purpose
//     "attachment"; and additionalReferenceInfo (our reference number,
//     application date);
//   - data: the frozen answers shaped by DataOf — keyed by FIM element ids
//     for FIM procedures (groups as objects, repeated groups as arrays, as
//     FITKO's JSON Schemas of a Stammdatenschema nest them), by field ids
//     otherwise — whose file fields hold the attachmentIds of their
//     uploads; ReadData (and AnswersOf) read it back by field, naming
//     every member no field takes — the subscriber files incoming data
//     with the same code;
//   - each attachment's bytes;
//
// each as a JWE in compact serialization, RSA-OAEP-256 + A256GCM, to the
// authority's key (kid in the header, cty the plaintext's media type);
// Open decrypts one as a subscriber does (amtsweg's own subscriber
// included). The submission's caseId
// (Vorgangs-ID) is CaseUUID: a name-based UUID of tenant and case, the
// same for every submission of one case.
//
// # Routing
//
// Routes answers GET /api/v1/fitconnect/routes by leikaKey and exactly one
// of ags (2, 3, 5 or 8 digits), ars (2, 3, 5, 9 or 12 digits) and areaId
// (an id of Areas, GET /api/v1/fitconnect/areas: amtsweg's area ids are
// the 12-digit ARS), from the responsibility finder, shaped like the
// Routing API 2.0 route-result. Every route carries
//
//   - destinationSignature: a JWT signed PS512 (header kid, typ JWT) whose
//     claims are the addressing data the FIT-Connect Self-Service Portal
//     signs — submissionHost, iss, services (gebietIDs as
//     urn:de:bund:destatis:bevoelkerungsstatistik:schluessel:rs:<ARS>,
//     leistungIDs as LeiKa URNs), destinationId, iat, jti;
//   - destinationParameters (encryptionKid, publicKeys, metadataVersions,
//     status, submissionUrl) with destinationParametersSignature, a
//     detached JWS over their canonical JSON (members sorted, no
//     whitespace), as the Zustelldienst signs them.
//
// Both are signed with the tenant's signing key (RSA 4096, created on
// first use, the private key stored only sealed with the tenant's data
// key through Deps.Secrets); SigningKeys publishes the public keys as a
// JWKS at <iss>/.well-known/jwks.json, iss being
// https://<host>/api/v1/fitconnect (IssuerOf). A sender verifies a route
// as FIT-Connect's SDKs do: the JWT with the key of that JWKS named by
// kid, its destinationId against the route's, the detached signature over
// the parameters it received (TestSenderEndToEnd does exactly that with
// go-jose).
//
// What is deliberately not (yet) there, and why:
//
//   - The signing key is amtsweg's own, published by amtsweg: a sender
//     that trusts only the keys of FITKO's Self-Service Portal and
//     Zustelldienst must be configured to trust the tenant's JWKS. Its
//     certificate (x5c, demanded by the Routing API's JWK schema) is
//     self-signed, not from the V-PKI. There is no rotation command yet;
//     the table keeps several keys (the newest signs, all are published).
//   - The Routing API's rate-limit headers, destinationLogo, imprint,
//     privacy and accessibility URLs and the service texts of a route
//     (furtherInformation, requiredDocuments, …) are not filled; they
//     belong to the service page (GET /api/v1/services/{key}).
//     submissionSchemas is left out of destinationParameters (a route
//     answers a service, not a procedure).
//   - A service without a LeiKa key is identified by
//     urn:amtsweg:procedure:<procedure id> (the schema allows another URN
//     "übergangsweise"); its data schema is
//     urn:amtsweg:procedure:<id>:v<version> (amtsweg publishes no JSON
//     Schema per procedure).
//   - The data of a FIM procedure follows FITKO's naming (element ids,
//     nesting), but is not validated against the generated JSON Schema:
//     those schemas are not in the repository.
//   - authenticationInformation is left out: amtsweg keeps no
//     identification report (eID Nachweis) it could hand on.
//   - Forms are built for cases routed after the key was registered; older
//     cases and cases forwarded to an authority without a key have none
//     (they stay available through /api/v1/submissions).
//   - Ciphertexts live in the database (TEXT columns), attachments
//     included; fine for the sizes the portal accepts, blobs would be
//     better for very large files.
//
// # Reading
//
// List, Get and Attachment serve the client's authority (or tenant) only;
// acknowledgement, status and decision go through package integration's
// operations keyed by the amtsweg case id the submission names
// (amtswegCaseId in the API).
package fitconnect
