package fitconnect

// Metadata is the FIT-Connect submission metadata (Metadaten) 1.0.0; only
// the members amtsweg fills are modelled (see the package comment).
type Metadata struct {
	PublicServiceType       *PublicServiceType `json:"publicServiceType,omitempty"`
	ContentStructure        ContentStructure   `json:"contentStructure"`
	AdditionalReferenceInfo *ReferenceInfo     `json:"additionalReferenceInfo,omitempty"`
}

// PublicServiceType names the administrative service (Verwaltungsleistung).
type PublicServiceType struct {
	Name       string `json:"name,omitempty"`
	Identifier string `json:"identifier"`
}

// ContentStructure describes the data and the attachments.
type ContentStructure struct {
	Data        *DataInfo        `json:"data,omitempty"`
	Attachments []AttachmentInfo `json:"attachments"`
}

// DataInfo is the data's hash and schema reference.
type DataInfo struct {
	Hash             Hash             `json:"hash"`
	SubmissionSchema SubmissionSchema `json:"submissionSchema"`
}

// Hash is a hex SHA-512 of a plaintext.
type Hash struct {
	Type    string `json:"type"` // always "sha512"
	Content string `json:"content"`
}

// SubmissionSchema references the schema of the data (Fachdatenschema).
type SubmissionSchema struct {
	SchemaURI string `json:"schemaUri"`
	MimeType  string `json:"mimeType"`
}

// AttachmentInfo describes one attachment (Anlage).
type AttachmentInfo struct {
	AttachmentID string `json:"attachmentId"`
	Hash         Hash   `json:"hash"`
	Purpose      string `json:"purpose"` // form, attachment or report
	Filename     string `json:"filename,omitempty"`
	MimeType     string `json:"mimeType"`
}

// ReferenceInfo carries the sender's reference and the application date.
type ReferenceInfo struct {
	SenderReference string `json:"senderReference,omitempty"`
	ApplicationDate string `json:"applicationDate,omitempty"` // YYYY-MM-DD
}
