package akte

// messageXML is the xdomea 3.0.0 message 0503, element order as in
// xdomea-Nachrichten-AussonderungDurchfuehren.xsd and xdomea-Baukasten.xsd.
const messageXML = `<?xml version="1.0" encoding="UTF-8"?>
<xdomea:Aussonderung.Aussonderung.0503 xmlns:xdomea="urn:xoev-de:xdomea:schema:3.0.0">
  <xdomea:Kopf>
    <xdomea:ProzessID>{{.ProcessID}}</xdomea:ProzessID>
    <xdomea:Nachrichtentyp listURI="urn:xoev-de:xdomea:codeliste:nachrichtentyp" listVersionID="2.0">
      <code>0503</code>
      <name>Aussonderung.Aussonderung</name>
    </xdomea:Nachrichtentyp>
    <xdomea:Erstellungszeitpunkt>{{.Now}}</xdomea:Erstellungszeitpunkt>
    <xdomea:Absender>
      <xdomea:Institution>
        <xdomea:Name>{{esc .Opt.Sender}}</xdomea:Name>
      </xdomea:Institution>
      <xdomea:Organisationseinheit>
        <xdomea:Name>{{esc .File.AuthorityName}}</xdomea:Name>
      </xdomea:Organisationseinheit>
    </xdomea:Absender>
    <xdomea:Empfaenger>
      <xdomea:Institution>
        <xdomea:Name>{{esc .Opt.Recipient}}</xdomea:Name>
      </xdomea:Institution>
    </xdomea:Empfaenger>
    <xdomea:Importbestaetigung>1</xdomea:Importbestaetigung>
    <xdomea:RueckmeldungArchivkennung>0</xdomea:RueckmeldungArchivkennung>
    <xdomea:Empfangsbestaetigung>1</xdomea:Empfangsbestaetigung>
  </xdomea:Kopf>
  <xdomea:Schriftgutobjekt>
    <xdomea:Akte>
      <xdomea:Identifikation>
        <xdomea:ID>{{.File.GUID}}</xdomea:ID>
      </xdomea:Identifikation>
      <xdomea:AllgemeineMetadaten>
        <xdomea:Betreff>{{esc .File.Title}}</xdomea:Betreff>
        <xdomea:Kennzeichen>{{esc .File.Reference}}</xdomea:Kennzeichen>
        <xdomea:Federfuehrung>{{esc .File.AuthorityName}}</xdomea:Federfuehrung>
        <xdomea:Medium listURI="urn:xoev-de:xdomea:codeliste:medium" listVersionID="1.0">
          <code>001</code>
          <name>Elektronisch: Das Schriftgutobjekt liegt ausschließlich in elektronischer Form vor.</name>
        </xdomea:Medium>
      </xdomea:AllgemeineMetadaten>
      <xdomea:ArchivspezifischeMetadaten>
{{- with years .File.Retention}}
        <xdomea:Aufbewahrungsdauer>
          <xdomea:AnzahlJahre>{{.}}</xdomea:AnzahlJahre>
        </xdomea:Aufbewahrungsdauer>
{{- end}}
        <xdomea:Kennung>{{esc .File.ProcedureID}}</xdomea:Kennung>
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
{{- range .Docs}}
          <xdomea:Dokument>
            <xdomea:Identifikation>
              <xdomea:ID>{{.GUID}}</xdomea:ID>
              <xdomea:NummerImUebergeordnetenContainer>{{.Seq}}</xdomea:NummerImUebergeordnetenContainer>
            </xdomea:Identifikation>
            <xdomea:AllgemeineMetadaten>
              <xdomea:Betreff>{{esc .Title}}</xdomea:Betreff>
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
            <xdomea:Bearbeiter>{{esc .Author}}</xdomea:Bearbeiter>
            <xdomea:Typ>{{kind .Kind}}</xdomea:Typ>
            <xdomea:Version>
              <xdomea:Nummer>1</xdomea:Nummer>
              <xdomea:Format>
{{- $f := format .MediaType}}
                <xdomea:Name listURI="urn:xoev-de:xdomea:codeliste:dateiformat" listVersionID="2.0">
                  <code>{{$f.Code}}</code>
                </xdomea:Name>
{{- with $f.Other}}
                <xdomea:SonstigerName>{{esc .}}</xdomea:SonstigerName>
{{- end}}
                <xdomea:Version/>
                <xdomea:Primaerdokument>
                  <xdomea:Dateiname>{{esc (primary .)}}</xdomea:Dateiname>
                  <xdomea:DateinameOriginal>{{esc .FileName}}</xdomea:DateinameOriginal>
                  <xdomea:Ersteller>{{esc .Author}}</xdomea:Ersteller>
                  <xdomea:DatumUhrzeit>{{ts .FiledAt}}</xdomea:DatumUhrzeit>
                </xdomea:Primaerdokument>
              </xdomea:Format>
            </xdomea:Version>
          </xdomea:Dokument>
{{- end}}
        </xdomea:Vorgang>
      </xdomea:Akteninhalt>
    </xdomea:Akte>
  </xdomea:Schriftgutobjekt>
</xdomea:Aussonderung.Aussonderung.0503>
`
