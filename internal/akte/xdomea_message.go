package akte

// messageXML holds the xdomea 3.0.0 messages amtsweg sends in the archive
// conversation (Aussonderung): 0501 Anbieteverzeichnis, 0503 Aussonderung
// and 0505 BewertungEmpfangBestaetigen, element order as in
// xdomea-Nachrichten-AussonderungDurchfuehren.xsd and xdomea-Baukasten.xsd.
// Code lists: nachrichtentyp 2.0; aussonderungsart, bewertungsvorschlag,
// vertraulichkeitsstufe, medium and dateiformat 1.0 (the versions the
// schema fixes, and for dateiformat the one the Thüringen package uses).
const messageXML = `
{{- define "party"}}
{{- with .Key}}
      <xdomea:Behoerdenkennung>
        <xdomea:Behoerdenschluessel>
          <code>{{esc .}}</code>
        </xdomea:Behoerdenschluessel>
      </xdomea:Behoerdenkennung>
{{- end}}
      <xdomea:Institution>
        <xdomea:Name>{{esc .Name}}</xdomea:Name>
      </xdomea:Institution>
{{- with .Unit}}
      <xdomea:Organisationseinheit>
        <xdomea:Name>{{esc .}}</xdomea:Name>
      </xdomea:Organisationseinheit>
{{- end}}
{{- end}}

{{- define "kopf"}}
    <xdomea:ProzessID>{{.ProcessID}}</xdomea:ProzessID>
    <xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0">
      <code>{{.Code}}</code>
      <name>{{.Name}}</name>
    </xdomea:Nachrichtentyp>
    <xdomea:Erstellungszeitpunkt>{{.Now}}</xdomea:Erstellungszeitpunkt>
    <xdomea:Absender>{{template "party" .From}}
    </xdomea:Absender>
    <xdomea:Empfaenger>{{template "party" .To}}
    </xdomea:Empfaenger>
    <xdomea:SendendesSystem>
{{- with .System.Instance}}
      <xdomea:InstanzID>{{esc .}}</xdomea:InstanzID>
{{- end}}
      <xdomea:Produktname>{{esc .System.Product}}</xdomea:Produktname>
      <xdomea:Version>{{esc .System.Version}}</xdomea:Version>
    </xdomea:SendendesSystem>
{{- end}}

{{- define "disposal"}}
{{- with .File.Disposal}}
        <xdomea:Aussonderungsart>
          <xdomea:Aussonderungsart listURI="urn:xoev-de:xdomea:codeliste:aussonderungsart" listVersionID="1.0">
            <code>{{.}}</code>
          </xdomea:Aussonderungsart>
        </xdomea:Aussonderungsart>
{{- end}}
{{- end}}

{{- define "proposal"}}
{{- with .Proposal}}
        <xdomea:Bewertungsvorschlag listURI="urn:xoev-de:xdomea:codeliste:bewertungsvorschlag" listVersionID="1.0">
          <code>{{.}}</code>
        </xdomea:Bewertungsvorschlag>
{{- end}}
{{- end}}

{{- define "secrecy"}}
        <xdomea:Vertraulichkeitsstufe listURI="urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe" listVersionID="1.0">
          <code>003</code>
          <name>Offen</name>
        </xdomea:Vertraulichkeitsstufe>
        <xdomea:Medium listURI="urn:xoev-de:xdomea:codeliste:medium" listVersionID="1.0">
          <code>001</code>
          <name>Elektronisch</name>
        </xdomea:Medium>
{{- end}}

{{- define "history"}}
{{- range .}}
      <xdomea:HistorienProtokollInformation>
{{- with .Field}}
        <xdomea:MetadatumName>{{esc .}}</xdomea:MetadatumName>
{{- end}}
{{- with .Old}}
        <xdomea:MetadatumAlterWert>{{esc .}}</xdomea:MetadatumAlterWert>
{{- end}}
{{- with .New}}
        <xdomea:MetadatumNeuerWert>{{esc .}}</xdomea:MetadatumNeuerWert>
{{- end}}
        <xdomea:Akteur>{{esc .Actor}}</xdomea:Akteur>
        <xdomea:DatumUhrzeit>{{.At}}</xdomea:DatumUhrzeit>
{{- with .Note}}
        <xdomea:Bemerkung>{{esc .}}</xdomea:Bemerkung>
{{- end}}
        <xdomea:Aktion>{{esc .Action}}</xdomea:Aktion>
      </xdomea:HistorienProtokollInformation>
{{- end}}
{{- end}}

{{- define "dokument"}}
          <xdomea:Dokument>
            <xdomea:Identifikation>
              <xdomea:ID>{{.GUID}}</xdomea:ID>
              <xdomea:NummerImUebergeordnetenContainer>{{.Seq}}</xdomea:NummerImUebergeordnetenContainer>
            </xdomea:Identifikation>
            <xdomea:AllgemeineMetadaten>
              <xdomea:Betreff>{{esc .Title}}</xdomea:Betreff>
              <xdomea:Kennzeichen>{{esc .Number}}</xdomea:Kennzeichen>
              <xdomea:Vertraulichkeitsstufe listURI="urn:xoev-de:xdomea:codeliste:vertraulichkeitsstufe" listVersionID="1.0">
                <code>003</code>
              </xdomea:Vertraulichkeitsstufe>
              <xdomea:Medium listURI="urn:xoev-de:xdomea:codeliste:medium" listVersionID="1.0">
                <code>001</code>
              </xdomea:Medium>
            </xdomea:AllgemeineMetadaten>
{{- if in .Kind}}
            <xdomea:Posteingangsdatum>{{date .FiledAt}}</xdomea:Posteingangsdatum>
{{- end}}
{{- if out .Kind}}
            <xdomea:Postausgangsdatum>{{date .FiledAt}}</xdomea:Postausgangsdatum>
{{- end}}
            <xdomea:DatumDesSchreibens>{{date .FiledAt}}</xdomea:DatumDesSchreibens>
{{- with .Bezug}}
            <xdomea:Bezug>{{esc .}}</xdomea:Bezug>
{{- end}}
            <xdomea:Bearbeiter>{{esc .Author}}</xdomea:Bearbeiter>
            <xdomea:Typ>{{kind .Kind}}</xdomea:Typ>
{{- if .Content}}
            <xdomea:Version>
              <xdomea:Nummer>1</xdomea:Nummer>
              <xdomea:Format>
                <xdomea:Name listURI="urn:xoev-de:xdomea:codeliste:dateiformat" listVersionID="1.0">
                  <code>{{.Format.Code}}</code>
                </xdomea:Name>
{{- with .Format.Other}}
                <xdomea:SonstigerName>{{esc .}}</xdomea:SonstigerName>
{{- end}}
                <xdomea:Version>{{esc .FormatVersion}}</xdomea:Version>
                <xdomea:Primaerdokument>
                  <xdomea:Dateiname>{{esc (primary .Document)}}</xdomea:Dateiname>
                  <xdomea:DateinameOriginal>{{esc .FileName}}</xdomea:DateinameOriginal>
                  <xdomea:Ersteller>{{esc .Author}}</xdomea:Ersteller>
                  <xdomea:DatumUhrzeit>{{ts .FiledAt}}</xdomea:DatumUhrzeit>
                </xdomea:Primaerdokument>
              </xdomea:Format>
            </xdomea:Version>
{{- end}}
          </xdomea:Dokument>
{{- end}}

{{- define "akte"}}
  <xdomea:Schriftgutobjekt>
    <xdomea:Akte>
      <xdomea:Identifikation>
        <xdomea:ID>{{.File.GUID}}</xdomea:ID>
      </xdomea:Identifikation>
      <xdomea:AllgemeineMetadaten>
        <xdomea:Betreff>{{esc .File.Title}}</xdomea:Betreff>
        <xdomea:Kennzeichen>{{esc .File.Reference}}</xdomea:Kennzeichen>
        <xdomea:Federfuehrung>{{esc .File.AuthorityName}}</xdomea:Federfuehrung>
{{- template "secrecy"}}
{{- with .File.PlanUnit}}
        <xdomea:Aktenplaneinheit>
          <xdomea:Kennzeichen>{{esc .}}</xdomea:Kennzeichen>
{{- with $.UnitTitle}}
          <xdomea:Inhaltsangabe>{{esc .}}</xdomea:Inhaltsangabe>
{{- end}}
        </xdomea:Aktenplaneinheit>
{{- end}}
      </xdomea:AllgemeineMetadaten>
      <xdomea:ArchivspezifischeMetadaten>
{{- with years .File.Retention}}
        <xdomea:Aufbewahrungsdauer>
          <xdomea:AnzahlJahre>{{.}}</xdomea:AnzahlJahre>
        </xdomea:Aufbewahrungsdauer>
{{- end}}
{{- template "disposal" .}}
        <xdomea:Kennung>{{esc .File.ProcedureID}}</xdomea:Kennung>
{{- template "proposal" .}}
{{- with date .File.DeleteAfter}}
        <xdomea:Aufbewahrungsende>{{.}}</xdomea:Aufbewahrungsende>
{{- end}}
      </xdomea:ArchivspezifischeMetadaten>
      <xdomea:Typ>Antragsakte</xdomea:Typ>
      <xdomea:Laufzeit>
        <xdomea:Beginn>{{date .File.OpenedAt}}</xdomea:Beginn>
{{- with date .File.ClosedAt}}
        <xdomea:Ende>{{.}}</xdomea:Ende>
{{- end}}
      </xdomea:Laufzeit>
{{- template "history" .History}}
      <xdomea:Akteninhalt>
        <xdomea:Vorgang>
          <xdomea:Identifikation>
            <xdomea:ID>{{.VorgangID}}</xdomea:ID>
            <xdomea:NummerImUebergeordnetenContainer>1</xdomea:NummerImUebergeordnetenContainer>
          </xdomea:Identifikation>
          <xdomea:AllgemeineMetadaten>
            <xdomea:Betreff>{{esc .File.Title}}</xdomea:Betreff>
            <xdomea:Kennzeichen>{{esc .File.Reference}}</xdomea:Kennzeichen>
            <xdomea:Federfuehrung>{{esc .File.AuthorityName}}</xdomea:Federfuehrung>
          </xdomea:AllgemeineMetadaten>
          <xdomea:ArchivspezifischeMetadaten>
{{- template "disposal" .}}
{{- template "proposal" .}}
          </xdomea:ArchivspezifischeMetadaten>
          <xdomea:Typ>Antrag</xdomea:Typ>
{{- if not .File.ClosedAt.IsZero}}
          <xdomea:ZdA>true</xdomea:ZdA>
          <xdomea:ZdADatum>{{date .File.ClosedAt}}</xdomea:ZdADatum>
{{- end}}
          <xdomea:Laufzeit>
            <xdomea:Beginn>{{date .File.OpenedAt}}</xdomea:Beginn>
{{- with date .File.ClosedAt}}
            <xdomea:Ende>{{.}}</xdomea:Ende>
{{- end}}
          </xdomea:Laufzeit>
{{- range .Docs}}{{template "dokument" .}}{{end}}
        </xdomea:Vorgang>
      </xdomea:Akteninhalt>
    </xdomea:Akte>
  </xdomea:Schriftgutobjekt>
{{- end}}

{{- define "0501"}}<?xml version="1.0" encoding="UTF-8"?>
<xdomea:Aussonderung.Anbieteverzeichnis.0501 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">
  <xdomea:Kopf>{{template "kopf" .Head}}
    <xdomea:Empfangsbestaetigung>1</xdomea:Empfangsbestaetigung>
  </xdomea:Kopf>
{{- range .Objects}}{{template "akte" .}}{{end}}
</xdomea:Aussonderung.Anbieteverzeichnis.0501>
{{end}}

{{- define "0503"}}<?xml version="1.0" encoding="UTF-8"?>
<xdomea:Aussonderung.Aussonderung.0503 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">
  <xdomea:Kopf>{{template "kopf" .Head}}
    <xdomea:Importbestaetigung>1</xdomea:Importbestaetigung>
    <xdomea:RueckmeldungArchivkennung>1</xdomea:RueckmeldungArchivkennung>
    <xdomea:Empfangsbestaetigung>1</xdomea:Empfangsbestaetigung>
  </xdomea:Kopf>
{{- range .Objects}}{{template "akte" .}}{{end}}
</xdomea:Aussonderung.Aussonderung.0503>
{{end}}

{{- define "0505"}}<?xml version="1.0" encoding="UTF-8"?>
<xdomea:Aussonderung.BewertungEmpfangBestaetigen.0505 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">
  <xdomea:Kopf>{{template "kopf" .Head}}
  </xdomea:Kopf>
</xdomea:Aussonderung.BewertungEmpfangBestaetigen.0505>
{{end}}`
