package casework

// The notice templates: German, for the demo procedures, plus a general
// one. Texts in [brackets] are placeholders (notice_placeholder.go): the
// case worker must replace them before the notice can be approved or
// sent. The salutation and the authority's name in its grammatical forms
// come from TemplateData (notice_salutation.go, notice_authority.go).

const greeting = `{{.Salutation}}

auf Ihren Antrag vom {{date .ReceivedAt}} (Aktenzeichen {{.Reference}}) ergeht folgender Bescheid:`

const widerspruch = `Gegen diesen Bescheid kann innerhalb eines Monats nach Bekanntgabe Widerspruch erhoben werden. ` +
	`Der Widerspruch ist schriftlich, in elektronischer Form nach § 3a Absatz 2 des Verwaltungsverfahrensgesetzes ` +
	`oder zur Niederschrift {{.Authority.At}}{{with .Authority.Street}}, {{.}}{{end}}` +
	`{{with .Authority.City}}, {{$.Authority.Postcode}} {{.}}{{end}} einzulegen. ` +
	`Die Frist ist auch gewahrt, wenn der Widerspruch innerhalb der Frist über das Postfach dieses Portals eingelegt wird.`

func defaultTemplate() Template {
	return Template{
		Title: map[Outcome]string{
			Approved:       `Bescheid über Ihren Antrag „{{.ProcedureTitle}}“`,
			Rejected:       `Ablehnungsbescheid zu Ihrem Antrag „{{.ProcedureTitle}}“`,
			PartlyApproved: `Bescheid über Ihren Antrag „{{.ProcedureTitle}}“ (teilweise Stattgabe)`,
		},
		Body: map[Outcome]string{
			Approved: greeting + `

1. Ihrem Antrag auf „{{.ProcedureTitle}}“ wird stattgegeben.
2. Für diesen Bescheid werden keine Kosten erhoben.

Begründung:
Die Prüfung Ihres Antrags und der eingereichten Unterlagen hat ergeben, dass die rechtlichen Voraussetzungen erfüllt sind. Einer weiteren Begründung bedarf es nicht, da Ihrem Antrag entsprochen wird (§ 39 Absatz 2 Nummer 1 VwVfG).`,
			Rejected: greeting + `

Ihr Antrag auf „{{.ProcedureTitle}}“ wird abgelehnt.

Begründung:
[Bitte legen Sie die wesentlichen tatsächlichen und rechtlichen Gründe dar, die zu der Entscheidung geführt haben (§ 39 Absatz 1 VwVfG).]`,
			PartlyApproved: greeting + `

1. Ihrem Antrag auf „{{.ProcedureTitle}}“ wird teilweise stattgegeben: [Umfang der Bewilligung].
2. Im Übrigen wird der Antrag abgelehnt.

Begründung:
[Bitte begründen Sie, in welchem Umfang und aus welchen Gründen dem Antrag nicht entsprochen werden konnte.]`,
		},
		Remedy: widerspruch,
	}
}

func procedureTemplates() map[string]Template {
	return map[string]Template{
		"elterngeld": {
			Title: map[Outcome]string{
				Approved:       `Bescheid über Elterngeld nach dem BEEG`,
				PartlyApproved: `Bescheid über Elterngeld nach dem BEEG (teilweise Bewilligung)`,
				Rejected:       `Ablehnung Ihres Antrags auf Elterngeld`,
			},
			Body: map[Outcome]string{
				Approved: greeting + `

Für Ihr Kind {{.Answers.kind_vorname}}, geboren am {{date .Answers.kind_geburtsdatum}}, wird Ihnen Elterngeld nach dem Bundeselterngeld- und Elternzeitgesetz (BEEG) bewilligt: {{default "0" .Answers.basis_mutter}} Monat(e) Basiselterngeld und {{default "0" .Answers.plus_mutter}} Monat(e) ElterngeldPlus.

Die Höhe des Elterngeldes richtet sich nach Ihrem durchschnittlichen Nettoeinkommen in den zwölf Kalendermonaten vor der Geburt (§ 2 BEEG). Die Zahlung erfolgt monatlich auf das von Ihnen angegebene Konto.

Bitte teilen Sie uns Änderungen Ihrer Verhältnisse, insbesondere die Aufnahme einer Erwerbstätigkeit, unverzüglich mit (§ 8 BEEG).`,
				Rejected: greeting + `

Ihr Antrag auf Elterngeld für Ihr Kind {{.Answers.kind_vorname}} wird abgelehnt.

Begründung:
[Bitte geben Sie an, welche Anspruchsvoraussetzung nach § 1 BEEG nicht erfüllt ist, z. B. Einkommensgrenze nach § 1 Absatz 8 BEEG überschritten.]`,
			},
		},
		"bafoeg-erstantrag": {
			Title: map[Outcome]string{
				Approved: `Bescheid über Ausbildungsförderung nach dem BAföG`,
				Rejected: `Ablehnung Ihres Antrags auf Ausbildungsförderung`,
			},
			Body: map[Outcome]string{
				Approved: greeting + `

Für Ihre Ausbildung wird Ihnen Ausbildungsförderung nach dem Bundesausbildungsförderungsgesetz (BAföG) ab dem Monat der Antragstellung für den Bewilligungszeitraum von zwölf Monaten geleistet (§ 50 BAföG).

Die Förderung wird bei Studierenden an Hochschulen zur Hälfte als Zuschuss und zur Hälfte als unverzinsliches Staatsdarlehen geleistet (§ 17 Absatz 2 BAföG). Die Berechnung des monatlichen Förderbetrags ist diesem Bescheid als Anlage beigefügt. [Bitte Berechnung beifügen.]`,
				Rejected: greeting + `

Ihr Antrag auf Ausbildungsförderung wird abgelehnt.

Begründung:
[Bitte geben Sie den Ablehnungsgrund an, z. B. das anzurechnende Einkommen übersteigt den Bedarf nach §§ 11 ff. BAföG.]`,
			},
		},
		"gewerbeanmeldung": {
			Title: map[Outcome]string{
				Approved: `Empfangsbestätigung Ihrer Gewerbeanzeige (§ 15 Absatz 1 GewO)`,
				Rejected: `Zurückweisung Ihrer Gewerbeanzeige`,
			},
			Body: map[Outcome]string{
				Approved: greeting + `

Der Empfang Ihrer Anzeige über den Beginn eines Gewerbebetriebs wird hiermit nach § 15 Absatz 1 der Gewerbeordnung bescheinigt. Die Bescheinigung berechtigt nicht zur Ausübung erlaubnispflichtiger Tätigkeiten; etwa erforderliche Erlaubnisse sind gesondert zu beantragen.

Die Daten Ihrer Anzeige werden nach § 14 Absatz 8 GewO an die dort genannten Stellen (u. a. Finanzamt, Industrie- und Handelskammer bzw. Handwerkskammer, Berufsgenossenschaft) übermittelt.`,
				Rejected: greeting + `

Ihre Gewerbeanzeige wird zurückgewiesen.

Begründung:
[Bitte geben Sie den Grund an, z. B. die angezeigte Tätigkeit ist kein Gewerbe im Sinne der Gewerbeordnung.]`,
			},
		},
		"bussgeld-einspruch": {
			Title: map[Outcome]string{
				Approved: `Rücknahme des Bußgeldbescheids`,
				Rejected: `Verwerfung Ihres Einspruchs als unzulässig (§ 69 Absatz 1 OWiG)`,
			},
			Body: map[Outcome]string{
				Approved: greeting + `

Auf Ihren Einspruch hin wird der Bußgeldbescheid zurückgenommen und das Verfahren eingestellt (§ 69 Absatz 2 OWiG in Verbindung mit § 47 Absatz 1 OWiG). Bereits gezahlte Beträge werden Ihnen erstattet.`,
				Rejected: greeting + `

Ihr Einspruch gegen den Bußgeldbescheid wird als unzulässig verworfen.

Begründung:
Der Einspruch ist nicht innerhalb von zwei Wochen nach Zustellung des Bußgeldbescheids eingelegt worden (§ 67 Absatz 1 OWiG). [Bitte Zustelldatum und Eingangsdatum angeben.]`,
			},
			Remedy: `Gegen diesen Bescheid können Sie innerhalb von zwei Wochen nach Zustellung die gerichtliche Entscheidung beantragen (§ 69 Absatz 1 Satz 2 in Verbindung mit § 62 OWiG). ` +
				`Der Antrag ist schriftlich oder zur Niederschrift {{.Authority.At}}{{with .Authority.City}}, {{$.Authority.Postcode}} {{.}}{{end}} zu stellen; über ihn entscheidet das Amtsgericht.`,
		},
		"bewohnerparkausweis": {
			Title: map[Outcome]string{
				Approved: `Erteilung eines Bewohnerparkausweises`,
				Rejected: `Ablehnung Ihres Antrags auf einen Bewohnerparkausweis`,
			},
			Body: map[Outcome]string{
				Approved: greeting + `

Ihnen wird ein Bewohnerparkausweis nach § 45 Absatz 1b Nummer 2a der Straßenverkehrs-Ordnung erteilt. Der Ausweis gilt ein Jahr ab Ausstellung und nur in der auf ihm angegebenen Bewohnerparkzone. Er ist gut sichtbar hinter der Windschutzscheibe auszulegen. Die Gebühr wird gesondert festgesetzt.`,
				Rejected: greeting + `

Ihr Antrag auf Erteilung eines Bewohnerparkausweises wird abgelehnt.

Begründung:
[Bitte geben Sie den Grund an, z. B. keine Hauptwohnung im Bewohnerparkgebiet oder das Fahrzeug ist nicht auf Sie zugelassen.]`,
			},
		},
	}
}
