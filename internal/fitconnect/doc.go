// Package fitconnect makes amtsweg speak FIT-Connect (the federal
// transport standard for submissions, FITKO) towards an authority's
// specialised system (Fachverfahren): end-to-end encrypted submissions
// that only the authority can read, and a routing answer shaped like the
// FIT-Connect Routing API.
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
//     SHA-512 of the plaintext data and a submissionSchema naming the
//     procedure and version, one attachment entry per upload (random UUID,
//     SHA-512, purpose "attachment", filename, mimeType), and
//     additionalReferenceInfo (our reference number, application date);
//   - data: the frozen answers as JSON by the procedure's field ids;
//   - each attachment's bytes;
//
// each as a JWE in compact serialization, RSA-OAEP-256 + A256GCM, to the
// authority's key (kid in the header, cty the plaintext's media type).
//
// What is deliberately not (yet) there, and why:
//
//   - A service without a LeiKa key is identified by
//     urn:amtsweg:procedure:<procedure id> (the schema allows another URN
//     "übergangsweise").
//   - authenticationInformation is left out: amtsweg keeps no
//     identification report (eID Nachweis) it could hand on.
//   - The submissionSchema URI is urn:amtsweg:procedure:<id>:v<version>;
//     amtsweg publishes no JSON Schema per procedure yet.
//   - The receipt PDF is not attached as purpose "form".
//   - Forms are built for cases routed after the key was registered; older
//     cases and cases forwarded to an authority without a key have none
//     (they stay available through /api/v1/submissions).
//   - Ciphertexts live in the database (TEXT columns), attachments
//     included; fine for the sizes the portal accepts, blobs would be
//     better for very large files.
//
// # Reading and routing
//
// List, Get and Attachment serve the client's authority (or tenant) only;
// acknowledgement, status and decision go through package integration's
// operations keyed by the case id the submission names. Routes answers
// GET /api/v1/fitconnect/routes from the responsibility finder; see
// route.go for the fields that are filled and those that are not.
package fitconnect
