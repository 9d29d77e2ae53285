import type { TextLanguage } from './mail-language';

/** The five UN regional groups, named in each text language. */
type RegionNames = Record<
  'AFRICA' | 'ASIA_PACIFIC' | 'CENTRAL_EASTERN_EUROPE' | 'LATIN_AMERICA_CARIBBEAN' | 'WESTERN_EUROPE_OTHERS',
  string
>;

/**
 * Every word a message uses, per text language. It is an interface rather than a loose map so that a string missing
 * in French or Spanish is a compile error, not an English sentence in the middle of a French e-mail.
 * Texts are plain: the layout escapes them for HTML, so a title may be interpolated here as it is.
 */
export interface MailTexts {
  /** BCP 47 tag of the words (html lang, Content-Language, the "in 7 days" of reminders). */
  tag: 'en' | 'fr' | 'es';
  /** A title in the quotation marks of the language. */
  quote(title: string): string;
  /** Between a label and its value in the plain text ("When: ...", French "Lieu : ..."). */
  colon: string;
  greeting(name: string): string;
  sessionKind: { WEBINAR: string; WORKSHOP: string };
  online: string;
  regions: RegionNames;
  labels: {
    session: string;
    format: string;
    modules: string;
    where: string;
    hostCentre: string;
    region: string;
    joinLink: string;
    when: string;
    whenForYou: string;
    newWhen: string;
    newWhenForYou: string;
    previousWhen: string;
    previousWhenForYou: string;
    waitlistPosition: string;
    travel: string;
    delegate: string;
    email: string;
    party: string;
    enrolmentId: string;
    reason: string;
    material: string;
    /** A file material's file: its name and size. */
    file: string;
    module: string;
    version: string;
    language: string;
    link: string;
    deadline: string;
    deadlineForYou: string;
    assessment: string;
    completedOn: string;
    holder: string;
    issuedOn: string;
    revokedOn: string;
    nextSession: string;
    verificationCode: string;
    verificationLink: string;
    certificatePdf: string;
  };
  travel: { funded: string; selfFunded: string };
  actions: {
    join: string;
    openMaterial: string;
    /** A file material: to the page of its module, where a signed-in reader downloads it. */
    openModulePage: string;
    viewSession: string;
    /** To the session's page in the web application. */
    openSession: string;
    /** To the focal point's page of nominations waiting for them. */
    reviewNominations: string;
    takeAssessment: string;
    answerSurvey: string;
    /** To the holder's page of the certificate in the web application. */
    viewCertificate: string;
    downloadCertificate: string;
    verifyCertificate: string;
  };
  calendar: { request: string; cancel: string };
  footer: { programme: string; automatic: string };
  confirmed: { subject(title: string): string; heading: string; lead(title: string): string };
  promoted: { subject(title: string): string; heading: string; lead(title: string): string };
  waitlisted: { subject(title: string): string; heading: string; lead(title: string, position: number | null): string };
  endorsementRequested: {
    subject(delegate: string, title: string): string;
    heading: string;
    lead(delegate: string, party: string, title: string): string;
    /** That the nominations page (the action below) is where to endorse or decline. */
    howTo: string;
  };
  declined: {
    subject(title: string): string;
    heading: string;
    lead(title: string): string;
    /** Before the endorser's own words, when they gave a reason. */
    reasonGiven: string;
  };
  cancelled: {
    subject(title: string): string;
    heading: string;
    byDelegate(title: string): string;
    byProgramme(title: string): string;
  };
  rescheduled: {
    subject(title: string): string;
    heading: string;
    lead(title: string): string;
    /** What the reschedule means for the reader, by their enrolment status. */
    status: { CONFIRMED: string; WAITLISTED: string; PENDING_ENDORSEMENT: string };
  };
  sessionCancelled: { subject(title: string): string; heading: string; lead(title: string): string };
  materialPublished: {
    subject(material: string): string;
    heading: string;
    lead(moduleCode: string, moduleTitle: string): string;
    /** A size in words: number in the language's format and its unit (1 KB = 1,024 bytes). */
    size(amount: string, unit: 'B' | 'KB' | 'MB' | 'GB'): string;
  };
  reminder: {
    subject(title: string, when: string): string;
    heading(when: string): string;
    lead(title: string, when: string): string;
  };
  /** What the invitation and the reminder to take the post-course assessment share. */
  assessment: {
    /** After a module's title: its pass mark out of 100. */
    passMark(mark: number): string;
    /** Pass mark, what passing earns, attempts. */
    rules: string;
    /** That the link below opens the assessment in the web application. */
    howTo: string;
  };
  assessmentInvitation: { subject(title: string): string; heading: string; lead(title: string): string };
  assessmentReminder: {
    subject(title: string, when: string): string;
    heading(when: string): string;
    lead(title: string, when: string): string;
  };
  followUp: {
    subject(title: string): string;
    heading: string;
    lead(title: string): string;
    /** That the link below opens the survey in the web application. */
    howTo: string;
  };
  /** A waitlisted or pending enrolment expired: its session started or was completed before a seat or an endorsement. */
  expired: {
    subject(title: string): string;
    heading: string;
    lead(title: string, waitedFor: 'SEAT' | 'ENDORSEMENT', cause: 'SESSION_STARTED' | 'SESSION_COMPLETED'): string;
    /** That the session's published materials are listed below. */
    materials: string;
    noMaterials: string;
    /** That the next sessions of its modules are listed below. */
    next: string;
    noNext: string;
  };
  certificateRevoked: { subject(title: string): string; heading: string; lead(title: string): string; contact: string };
  certificateIssued: { subject(title: string): string; heading: string; lead(title: string): string; attached: string };
  /** To the address of a new account: the link that confirms it (and makes the account usable). */
  emailVerification: {
    subject: string;
    heading: string;
    lead: string;
    action: string;
    validUntil: string;
    /** The link works once and expires; what to do when it has. */
    once: string;
    /** `site`: PUBLIC_URL, where the web application signs in. */
    afterwards(site: string): string;
    notYou: string;
  };
  /** To the owner of an address someone tried to register again: nothing changed, here is how to sign in. */
  registrationAttempt: {
    subject: string;
    heading: string;
    lead: string;
    /** `site`: PUBLIC_URL, where the web application signs in. */
    signIn(site: string): string;
    forgotten: string;
    notYou: string;
  };
  /** To the owner of an account who asked for a new password: the link that sets one. */
  passwordReset: {
    subject: string;
    heading: string;
    lead: string;
    action: string;
    validUntil: string;
    /** The link works once, ends every session, and expires. */
    once: string;
    notYou: string;
  };
}

const EN: MailTexts = {
  tag: 'en',
  quote: (title) => `“${title}”`,
  colon: ': ',
  greeting: (name) => `Dear ${name},`,
  sessionKind: { WEBINAR: 'Webinar (online)', WORKSHOP: 'Regional workshop (in person)' },
  online: 'Online',
  regions: {
    AFRICA: 'Africa',
    ASIA_PACIFIC: 'Asia-Pacific',
    CENTRAL_EASTERN_EUROPE: 'Central and Eastern Europe',
    LATIN_AMERICA_CARIBBEAN: 'Latin America and the Caribbean',
    WESTERN_EUROPE_OTHERS: 'Western Europe and others',
  },
  labels: {
    session: 'Session',
    format: 'Format',
    modules: 'Modules',
    where: 'Where',
    hostCentre: 'Host centre',
    region: 'Region',
    joinLink: 'Join link',
    when: 'When',
    whenForYou: 'Your local time',
    newWhen: 'New time',
    newWhenForYou: 'New time (your zone)',
    previousWhen: 'Previous time',
    previousWhenForYou: 'Previous time (your zone)',
    waitlistPosition: 'Waitlist position',
    travel: 'Travel',
    delegate: 'Delegate',
    email: 'E-mail',
    party: 'Party',
    enrolmentId: 'Enrolment ID',
    reason: 'Reason',
    material: 'Material',
    file: 'File',
    module: 'Module',
    version: 'Version',
    language: 'Language',
    link: 'Link',
    deadline: 'Deadline',
    deadlineForYou: 'Deadline (your zone)',
    assessment: 'Assessment',
    completedOn: 'Completed on',
    holder: 'Holder',
    issuedOn: 'Issued on',
    revokedOn: 'Revoked on',
    nextSession: 'Next session',
    verificationCode: 'Verification code',
    verificationLink: 'Verification link',
    certificatePdf: 'Certificate (PDF)',
  },
  travel: { funded: 'Funded by the programme', selfFunded: 'Self-funded (not covered by the programme)' },
  actions: {
    join: 'Join the webinar',
    openMaterial: 'Open the material',
    openModulePage: 'Open the module’s page',
    viewSession: 'See the next session',
    openSession: 'Open the session page',
    reviewNominations: 'Review the nominations',
    takeAssessment: 'Take the assessment',
    answerSurvey: 'Answer the survey',
    viewCertificate: 'See the certificate online',
    downloadCertificate: 'Download the certificate (PDF)',
    verifyCertificate: 'Verify the certificate',
  },
  calendar: {
    request: 'The attached calendar invitation adds this session to your calendar; later changes will update it.',
    cancel: 'The attached calendar cancellation removes this session from your calendar.',
  },
  footer: {
    programme: 'Stockholm Convention capacity-building programme',
    automatic: 'This message was sent automatically; replies are not read.',
  },
  confirmed: {
    subject: (title) => `Enrolment confirmed: ${title}`,
    heading: 'Your seat is confirmed',
    lead: (title) => `Your enrolment in ${EN.quote(title)} is confirmed: a seat is reserved for you.`,
  },
  promoted: {
    subject: (title) => `Seat confirmed from the waitlist: ${title}`,
    heading: 'A seat became free: you are enrolled',
    lead: (title) =>
      `A seat became available in ${EN.quote(title)} and you have been moved up from the waitlist: your seat is confirmed.`,
  },
  waitlisted: {
    subject: (title) => `On the waitlist: ${title}`,
    heading: 'You are on the waitlist',
    lead: (title, position) =>
      `${EN.quote(title)} is full, so you are on the waitlist${position ? ` at position ${position}` : ''}. ` +
      'If a seat becomes free you will be enrolled automatically and told by e-mail.',
  },
  endorsementRequested: {
    subject: (delegate, title) => `Endorsement requested: ${delegate}, ${title}`,
    heading: 'A delegate asks for your endorsement',
    lead: (delegate, party, title) =>
      `${delegate}, a delegate of ${party}, asks to take part in ${EN.quote(title)}. ` +
      'As focal point, please endorse or decline this nomination.',
    howTo: 'Endorse or decline it on your page of nominations, signed in with your account:',
  },
  declined: {
    subject: (title) => `Enrolment not endorsed: ${title}`,
    heading: 'Your enrolment was not endorsed',
    lead: (title) => `Your nomination for ${EN.quote(title)} was not endorsed, so your enrolment has been declined.`,
    reasonGiven: 'The reason given:',
  },
  cancelled: {
    subject: (title) => `Enrolment cancelled: ${title}`,
    heading: 'Your enrolment is cancelled',
    byDelegate: (title) => `As you requested, your enrolment in ${EN.quote(title)} has been cancelled.`,
    byProgramme: (title) => `Your enrolment in ${EN.quote(title)} has been cancelled by the programme.`,
  },
  rescheduled: {
    subject: (title) => `Session rescheduled: ${title}`,
    heading: 'The session has new times',
    lead: (title) => `${EN.quote(title)} has been rescheduled. The new and the previous times are below.`,
    status: {
      CONFIRMED: 'Your seat remains confirmed.',
      WAITLISTED: 'You remain on the waitlist.',
      PENDING_ENDORSEMENT: 'Your enrolment is still awaiting endorsement.',
    },
  },
  sessionCancelled: {
    subject: (title) => `Session cancelled: ${title}`,
    heading: 'The session is cancelled',
    lead: (title) => `${EN.quote(title)} has been cancelled, and your enrolment in it has ended.`,
  },
  materialPublished: {
    subject: (material) => `New training material: ${material}`,
    heading: 'New training material',
    lead: (code, title) => `A training material has been published for module ${code} – ${title}.`,
    size: (amount, unit) => `${amount} ${unit}`,
  },
  reminder: {
    subject: (title, when) => `Reminder: ${title} starts ${when}`,
    heading: (when) => `The session starts ${when}`,
    lead: (title, when) => `This is a reminder that ${EN.quote(title)} starts ${when}.`,
  },
  assessment: {
    passMark: (mark) => `pass mark ${mark}/100`,
    rules:
      'A module is passed with a score at or above its pass mark (out of 100); passing completes your training and ' +
      'earns you a certificate, sent to you by e-mail. You have up to three attempts per module, and your best score counts.',
    howTo: 'Take it on the programme’s website with the link below, signed in with your account.',
  },
  assessmentInvitation: {
    subject: (title) => `Post-course assessment: ${title}`,
    heading: 'Take your post-course assessment',
    lead: (title) =>
      `Thank you for taking part in ${EN.quote(title)}. To complete the training, take the post-course assessment ` +
      'of each module below by the deadline.',
  },
  assessmentReminder: {
    subject: (title, when) => `Assessment due ${when}: ${title}`,
    heading: (when) => `Your assessment is due ${when}`,
    lead: (title, when) =>
      `You have not yet submitted the post-course assessment of ${EN.quote(title)} for the modules below. ` +
      `It is due ${when}: please take it before the deadline to complete the training.`,
  },
  followUp: {
    subject: (title) => `Follow-up on your training: ${title}`,
    heading: 'Has your Party applied this training?',
    lead: (title) =>
      `Some time has passed since you took part in ${EN.quote(title)}. Has your Party applied the guidance of this ` +
      'training since then, and for what? Your answer helps the Secretariat see what the programme achieves and plan ' +
      'its next activities.',
    howTo:
      'Please answer on the programme’s website with the link below, signed in with your account: it takes a few ' +
      'minutes, and an answer that your Party has not applied it (yet) helps as much.',
  },
  expired: {
    subject: (title) => `Enrolment expired: ${title}`,
    heading: 'Your enrolment has expired',
    lead: (title, waitedFor, cause) => {
      const ended = cause === 'SESSION_COMPLETED' ? 'has been completed' : 'has started';
      return waitedFor === 'SEAT'
        ? `${EN.quote(title)} ${ended} and no seat became free for you, so your place on the waitlist has expired.`
        : `${EN.quote(title)} ${ended} before your nomination was endorsed, so your enrolment has expired.`;
    },
    materials: 'The training materials of this session, listed below, remain open to you.',
    noMaterials: 'No training material of this session has been published yet.',
    next: 'You may enrol in one of the next sessions of the same module, listed below with a link to each.',
    noNext: 'No other session of this module is scheduled yet; new ones will appear in the catalogue.',
  },
  certificateRevoked: {
    subject: (title) => `Certificate revoked: ${title}`,
    heading: 'Your certificate has been revoked',
    lead: (title) =>
      `The Secretariat has revoked your certificate for ${EN.quote(title)}: ` +
      'from now on it no longer verifies as valid.',
    contact: 'If you believe this is a mistake, please contact the Secretariat of the programme.',
  },
  certificateIssued: {
    subject: (title) => `Your certificate: ${title}`,
    heading: 'Congratulations: your certificate is ready',
    lead: (title) =>
      `You have completed ${EN.quote(title)}, and your certificate has been issued. Anyone can check that it is ` +
      'genuine with the verification code or link below.',
    attached: 'The certificate is attached to this message as a PDF file.',
  },
  emailVerification: {
    subject: 'Confirm your e-mail address',
    heading: 'Confirm your e-mail address',
    lead:
      'An account of the Stockholm Convention capacity-building platform has been created with this address. ' +
      'Confirm that it is yours with the link below to start using the account.',
    action: 'Confirm my address',
    validUntil: 'Link valid until',
    once: 'The link works once. If it has expired, ask for a new one on the programme’s website.',
    afterwards: (site) => `Once your address is confirmed, sign in at ${site} with it and the password you chose.`,
    notYou: 'If you did not create this account, ignore this message: without confirmation the account cannot be used.',
  },
  registrationAttempt: {
    subject: 'Someone tried to register with your address',
    heading: 'Someone tried to register with your address',
    lead:
      'Someone, perhaps you, tried to create an account of the Stockholm Convention capacity-building platform with ' +
      'this e-mail address. You already have an account with it, so no new account was created and nothing has changed in yours.',
    signIn: (site) => `If it was you: sign in at ${site} with this address and your password.`,
    forgotten:
      'If you have forgotten your password, ask for a link to choose a new one on the sign-in page of the website.',
    notYou: 'If it was not you, you need do nothing: your account and your password are unchanged.',
  },
  passwordReset: {
    subject: 'Reset your password',
    heading: 'Choose a new password',
    lead:
      'Someone, probably you, asked to reset the password of your account on the Stockholm Convention ' +
      'capacity-building platform. Choose a new password with the link below.',
    action: 'Choose a new password',
    validUntil: 'Link valid until',
    once: 'The link works once; using it signs your account out everywhere it is signed in. If it has expired, ask for a new one.',
    notYou: 'If you did not ask for this, ignore this message: your password stays as it is.',
  },
};

/** French puts a no-break space before the colon and inside guillemets. */
const NBSP = '\u00a0';

const FR: MailTexts = {
  tag: 'fr',
  quote: (title) => `«${NBSP}${title}${NBSP}»`,
  colon: `${NBSP}: `,
  greeting: (name) => `Bonjour ${name},`,
  sessionKind: { WEBINAR: 'Webinaire (en ligne)', WORKSHOP: 'Atelier régional (en présentiel)' },
  online: 'En ligne',
  regions: {
    AFRICA: 'Afrique',
    ASIA_PACIFIC: 'Asie-Pacifique',
    CENTRAL_EASTERN_EUROPE: 'Europe centrale et orientale',
    LATIN_AMERICA_CARIBBEAN: 'Amérique latine et Caraïbes',
    WESTERN_EUROPE_OTHERS: 'Europe occidentale et autres États',
  },
  labels: {
    session: 'Session',
    format: 'Format',
    modules: 'Modules',
    where: 'Lieu',
    hostCentre: 'Centre hôte',
    region: 'Région',
    joinLink: 'Lien de connexion',
    when: 'Date et heure',
    whenForYou: 'Votre heure locale',
    newWhen: 'Nouvel horaire',
    newWhenForYou: 'Nouvel horaire (votre fuseau)',
    previousWhen: 'Ancien horaire',
    previousWhenForYou: 'Ancien horaire (votre fuseau)',
    waitlistPosition: "Position sur la liste d'attente",
    travel: 'Voyage',
    delegate: 'Délégué(e)',
    email: 'Courriel',
    party: 'Partie',
    enrolmentId: "Identifiant de l'inscription",
    reason: 'Motif',
    material: 'Support',
    file: 'Fichier',
    module: 'Module',
    version: 'Version',
    language: 'Langue',
    link: 'Lien',
    deadline: 'Date limite',
    deadlineForYou: 'Date limite (votre fuseau)',
    assessment: 'Évaluation',
    completedOn: 'Achevée le',
    holder: 'Titulaire',
    issuedOn: 'Délivré le',
    revokedOn: 'Révoqué le',
    nextSession: 'Prochaine session',
    verificationCode: 'Code de vérification',
    verificationLink: 'Lien de vérification',
    certificatePdf: 'Certificat (PDF)',
  },
  travel: {
    funded: 'Pris en charge par le programme',
    selfFunded: 'À vos frais (non pris en charge par le programme)',
  },
  actions: {
    join: 'Rejoindre le webinaire',
    openMaterial: 'Ouvrir le support',
    openModulePage: 'Ouvrir la page du module',
    viewSession: 'Voir la prochaine session',
    openSession: 'Ouvrir la page de la session',
    reviewNominations: 'Voir les candidatures',
    takeAssessment: "Passer l'évaluation",
    answerSurvey: 'Répondre au questionnaire',
    viewCertificate: 'Voir le certificat en ligne',
    downloadCertificate: 'Télécharger le certificat (PDF)',
    verifyCertificate: 'Vérifier le certificat',
  },
  calendar: {
    request: `L'invitation jointe ajoute cette session à votre agenda${NBSP}; les changements ultérieurs la mettront à jour.`,
    cancel: "L'annulation jointe retire cette session de votre agenda.",
  },
  footer: {
    programme: 'Programme de renforcement des capacités de la Convention de Stockholm',
    automatic: `Ce message a été envoyé automatiquement${NBSP}; les réponses ne sont pas lues.`,
  },
  confirmed: {
    subject: (title) => `Inscription confirmée${NBSP}: ${title}`,
    heading: 'Votre place est confirmée',
    lead: (title) =>
      `Votre inscription à la session ${FR.quote(title)} est confirmée${NBSP}: une place vous est réservée.`,
  },
  promoted: {
    subject: (title) => `Place confirmée depuis la liste d'attente${NBSP}: ${title}`,
    heading: `Une place s'est libérée${NBSP}: vous êtes inscrit(e)`,
    lead: (title) =>
      `Une place s'est libérée dans la session ${FR.quote(title)} et vous avez quitté la liste d'attente${NBSP}: ` +
      'votre place est confirmée.',
  },
  waitlisted: {
    subject: (title) => `Sur liste d'attente${NBSP}: ${title}`,
    heading: "Vous êtes sur la liste d'attente",
    lead: (title, position) =>
      `La session ${FR.quote(title)} est complète${NBSP}: vous êtes sur la liste d'attente` +
      `${position ? `, en position ${position}` : ''}. ` +
      'Si une place se libère, vous serez inscrit(e) automatiquement et prévenu(e) par courriel.',
  },
  endorsementRequested: {
    subject: (delegate, title) => `Demande d'approbation${NBSP}: ${delegate}, ${title}`,
    heading: 'Un(e) délégué(e) demande votre approbation',
    lead: (delegate, party, title) =>
      `${delegate}, délégué(e) de la Partie ${party}, demande à participer à la session ${FR.quote(title)}. ` +
      'En tant que correspondant(e) national(e), veuillez approuver ou refuser cette candidature.',
    howTo: `Approuvez-la ou refusez-la sur votre page des candidatures, connecté(e) avec votre compte${NBSP}:`,
  },
  declined: {
    subject: (title) => `Inscription non approuvée${NBSP}: ${title}`,
    heading: "Votre inscription n'a pas été approuvée",
    lead: (title) =>
      `Votre candidature à la session ${FR.quote(title)} n'a pas été approuvée${NBSP}; votre inscription est donc refusée.`,
    reasonGiven: `Le motif indiqué${NBSP}:`,
  },
  cancelled: {
    subject: (title) => `Inscription annulée${NBSP}: ${title}`,
    heading: 'Votre inscription est annulée',
    byDelegate: (title) =>
      `Comme vous l'avez demandé, votre inscription à la session ${FR.quote(title)} a été annulée.`,
    byProgramme: (title) => `Votre inscription à la session ${FR.quote(title)} a été annulée par le programme.`,
  },
  rescheduled: {
    subject: (title) => `Session reprogrammée${NBSP}: ${title}`,
    heading: 'La session a un nouvel horaire',
    lead: (title) =>
      `La session ${FR.quote(title)} a été reprogrammée. Le nouvel horaire et l'ancien figurent ci-dessous.`,
    status: {
      CONFIRMED: 'Votre place reste confirmée.',
      WAITLISTED: "Vous restez sur la liste d'attente.",
      PENDING_ENDORSEMENT: 'Votre inscription attend toujours une approbation.',
    },
  },
  sessionCancelled: {
    subject: (title) => `Session annulée${NBSP}: ${title}`,
    heading: 'La session est annulée',
    lead: (title) => `La session ${FR.quote(title)} a été annulée et votre inscription a pris fin.`,
  },
  materialPublished: {
    subject: (material) => `Nouveau support de formation${NBSP}: ${material}`,
    heading: 'Nouveau support de formation',
    lead: (code, title) => `Un support de formation a été publié pour le module ${code} – ${title}.`,
    size: (amount, unit) => `${amount}${NBSP}${{ B: 'o', KB: 'Ko', MB: 'Mo', GB: 'Go' }[unit]}`,
  },
  reminder: {
    subject: (title, when) => `Rappel${NBSP}: ${title} commence ${when}`,
    heading: (when) => `La session commence ${when}`,
    lead: (title, when) => `Nous vous rappelons que la session ${FR.quote(title)} commence ${when}.`,
  },
  assessment: {
    passMark: (mark) => `seuil de réussite${NBSP}: ${mark}/100`,
    rules:
      `Un module est réussi avec un score égal ou supérieur à son seuil de réussite (sur 100)${NBSP}; réussir ` +
      "l'évaluation vous permet d'achever la formation et d'obtenir un certificat, qui vous sera envoyé par courriel. " +
      'Vous disposez de trois tentatives au plus par module, et votre meilleur score est retenu.',
    howTo: 'Passez-la sur le site du programme avec le lien ci-dessous, connecté(e) avec votre compte.',
  },
  assessmentInvitation: {
    subject: (title) => `Évaluation de fin de formation${NBSP}: ${title}`,
    heading: 'Passez votre évaluation de fin de formation',
    lead: (title) =>
      `Merci d'avoir participé à la session ${FR.quote(title)}. Pour achever la formation, passez l'évaluation de fin ` +
      'de formation de chacun des modules ci-dessous avant la date limite.',
  },
  assessmentReminder: {
    subject: (title, when) => `Évaluation à rendre ${when}${NBSP}: ${title}`,
    heading: (when) => `Votre évaluation est à rendre ${when}`,
    lead: (title, when) =>
      `Vous n'avez pas encore passé l'évaluation de fin de formation de la session ${FR.quote(title)} pour les modules ` +
      `ci-dessous. Elle est à rendre ${when}${NBSP}: passez-la avant la date limite pour achever la formation.`,
  },
  followUp: {
    subject: (title) => `Suivi de votre formation${NBSP}: ${title}`,
    heading: `Votre Partie a-t-elle mis cette formation en pratique${NBSP}?`,
    lead: (title) =>
      `Quelque temps s'est écoulé depuis votre participation à la session ${FR.quote(title)}. Votre Partie a-t-elle ` +
      `appliqué depuis les orientations de cette formation, et à quelles fins${NBSP}? Votre réponse aide le Secrétariat ` +
      'à mesurer les résultats du programme et à préparer ses prochaines activités.',
    howTo:
      `Merci de répondre sur le site du programme avec le lien ci-dessous, connecté(e) avec votre compte${NBSP}: ` +
      'cela prend quelques minutes, et savoir que votre Partie ne les a pas (encore) appliquées est tout aussi utile.',
  },
  expired: {
    subject: (title) => `Inscription expirée${NBSP}: ${title}`,
    heading: 'Votre inscription a expiré',
    lead: (title, waitedFor, cause) => {
      const ended = cause === 'SESSION_COMPLETED' ? "s'est achevée" : 'a commencé';
      return waitedFor === 'SEAT'
        ? `La session ${FR.quote(title)} ${ended} sans qu'une place se libère pour vous${NBSP}: ` +
            "votre inscription sur liste d'attente a expiré."
        : `La session ${FR.quote(title)} ${ended} avant que votre candidature soit approuvée${NBSP}: ` +
            'votre inscription a expiré.';
    },
    materials: 'Les supports de formation de cette session, indiqués ci-dessous, restent à votre disposition.',
    noMaterials: "Aucun support de formation de cette session n'a encore été publié.",
    next:
      "Vous pouvez vous inscrire à l'une des prochaines sessions du même module, indiquées ci-dessous avec un lien " +
      'vers chacune.',
    noNext:
      `Aucune autre session de ce module n'est encore programmée${NBSP}; ` +
      'les nouvelles paraîtront dans le catalogue.',
  },
  certificateRevoked: {
    subject: (title) => `Certificat révoqué${NBSP}: ${title}`,
    heading: 'Votre certificat a été révoqué',
    lead: (title) =>
      `Le Secrétariat a révoqué votre certificat pour la session ${FR.quote(title)}${NBSP}: ` +
      "il n'est désormais plus reconnu comme valide lors de sa vérification.",
    contact: "Si vous pensez qu'il s'agit d'une erreur, veuillez contacter le Secrétariat du programme.",
  },
  certificateIssued: {
    subject: (title) => `Votre certificat${NBSP}: ${title}`,
    heading: `Félicitations${NBSP}: votre certificat est prêt`,
    lead: (title) =>
      `Vous avez achevé la session ${FR.quote(title)} et votre certificat a été délivré. Chacun peut en vérifier ` +
      "l'authenticité grâce au code ou au lien de vérification ci-dessous.",
    attached: 'Le certificat est joint à ce message au format PDF.',
  },
  emailVerification: {
    subject: 'Confirmez votre adresse électronique',
    heading: 'Confirmez votre adresse électronique',
    lead:
      'Un compte de la plateforme de renforcement des capacités de la Convention de Stockholm a été créé avec cette ' +
      "adresse. Confirmez qu'elle est bien la vôtre avec le lien ci-dessous pour commencer à utiliser le compte.",
    action: 'Confirmer mon adresse',
    validUntil: "Lien valable jusqu'au",
    once: "Le lien ne fonctionne qu'une fois. S'il a expiré, demandez-en un nouveau sur le site du programme.",
    afterwards: (site) =>
      `Une fois votre adresse confirmée, connectez-vous sur ${site} avec elle et le mot de passe que vous avez choisi.`,
    notYou: `Si vous n'avez pas créé ce compte, ignorez ce message${NBSP}: sans confirmation, le compte ne peut pas être utilisé.`,
  },
  registrationAttempt: {
    subject: "Quelqu'un a tenté de s'inscrire avec votre adresse",
    heading: "Quelqu'un a tenté de s'inscrire avec votre adresse",
    lead:
      "Quelqu'un, peut-être vous-même, a tenté de créer un compte sur la plateforme de renforcement des capacités de " +
      `la Convention de Stockholm avec cette adresse électronique. Vous avez déjà un compte avec cette adresse${NBSP}: ` +
      "aucun nouveau compte n'a été créé et rien n'a changé dans le vôtre.",
    signIn: (site) => `Si c'était vous${NBSP}: connectez-vous sur ${site} avec cette adresse et votre mot de passe.`,
    forgotten:
      'Si vous avez oublié votre mot de passe, demandez un lien pour en choisir un nouveau sur la page de connexion ' +
      'du site.',
    notYou: `Si ce n'était pas vous, vous n'avez rien à faire${NBSP}: votre compte et votre mot de passe sont inchangés.`,
  },
  passwordReset: {
    subject: 'Réinitialisez votre mot de passe',
    heading: 'Choisissez un nouveau mot de passe',
    lead:
      "Quelqu'un, sans doute vous-même, a demandé la réinitialisation du mot de passe de votre compte sur la " +
      'plateforme de renforcement des capacités de la Convention de Stockholm. Choisissez un nouveau mot de passe ' +
      'avec le lien ci-dessous.',
    action: 'Choisir un nouveau mot de passe',
    validUntil: "Lien valable jusqu'au",
    once:
      `Le lien ne fonctionne qu'une fois${NBSP}; l'utiliser déconnecte votre compte partout où il est connecté. ` +
      "S'il a expiré, demandez-en un nouveau.",
    notYou: `Si vous n'avez rien demandé, ignorez ce message${NBSP}: votre mot de passe reste inchangé.`,
  },
};

const ES: MailTexts = {
  tag: 'es',
  quote: (title) => `«${title}»`,
  colon: ': ',
  greeting: (name) => `Estimado/a ${name}:`,
  sessionKind: { WEBINAR: 'Seminario web (en línea)', WORKSHOP: 'Taller regional (presencial)' },
  online: 'En línea',
  regions: {
    AFRICA: 'África',
    ASIA_PACIFIC: 'Asia y el Pacífico',
    CENTRAL_EASTERN_EUROPE: 'Europa Central y Oriental',
    LATIN_AMERICA_CARIBBEAN: 'América Latina y el Caribe',
    WESTERN_EUROPE_OTHERS: 'Europa Occidental y otros Estados',
  },
  labels: {
    session: 'Sesión',
    format: 'Formato',
    modules: 'Módulos',
    where: 'Lugar',
    hostCentre: 'Centro anfitrión',
    region: 'Región',
    joinLink: 'Enlace de conexión',
    when: 'Fecha y hora',
    whenForYou: 'Su hora local',
    newWhen: 'Nuevo horario',
    newWhenForYou: 'Nuevo horario (su zona)',
    previousWhen: 'Horario anterior',
    previousWhenForYou: 'Horario anterior (su zona)',
    waitlistPosition: 'Posición en la lista de espera',
    travel: 'Viaje',
    delegate: 'Delegado/a',
    email: 'Correo electrónico',
    party: 'Parte',
    enrolmentId: 'Identificador de la inscripción',
    reason: 'Motivo',
    material: 'Material',
    file: 'Archivo',
    module: 'Módulo',
    version: 'Versión',
    language: 'Idioma',
    link: 'Enlace',
    deadline: 'Fecha límite',
    deadlineForYou: 'Fecha límite (su zona)',
    assessment: 'Evaluación',
    completedOn: 'Finalizada el',
    holder: 'Titular',
    issuedOn: 'Expedido el',
    revokedOn: 'Revocado el',
    nextSession: 'Próxima sesión',
    verificationCode: 'Código de verificación',
    verificationLink: 'Enlace de verificación',
    certificatePdf: 'Certificado (PDF)',
  },
  travel: { funded: 'Financiado por el programa', selfFunded: 'Autofinanciado (no cubierto por el programa)' },
  actions: {
    join: 'Unirse al seminario web',
    openMaterial: 'Abrir el material',
    openModulePage: 'Abrir la página del módulo',
    viewSession: 'Ver la próxima sesión',
    openSession: 'Abrir la página de la sesión',
    reviewNominations: 'Ver las candidaturas',
    takeAssessment: 'Realizar la evaluación',
    answerSurvey: 'Responder a la encuesta',
    viewCertificate: 'Ver el certificado en línea',
    downloadCertificate: 'Descargar el certificado (PDF)',
    verifyCertificate: 'Verificar el certificado',
  },
  calendar: {
    request: 'La invitación adjunta añade esta sesión a su calendario; los cambios posteriores la actualizarán.',
    cancel: 'La cancelación adjunta elimina esta sesión de su calendario.',
  },
  footer: {
    programme: 'Programa de creación de capacidad del Convenio de Estocolmo',
    automatic: 'Este mensaje se envió automáticamente; las respuestas no se leen.',
  },
  confirmed: {
    subject: (title) => `Inscripción confirmada: ${title}`,
    heading: 'Su plaza está confirmada',
    lead: (title) => `Su inscripción en la sesión ${ES.quote(title)} está confirmada: tiene una plaza reservada.`,
  },
  promoted: {
    subject: (title) => `Plaza confirmada desde la lista de espera: ${title}`,
    heading: 'Se liberó una plaza: está inscrito/a',
    lead: (title) =>
      `Se liberó una plaza en la sesión ${ES.quote(title)} y ha pasado de la lista de espera a una plaza confirmada.`,
  },
  waitlisted: {
    subject: (title) => `En lista de espera: ${title}`,
    heading: 'Está en la lista de espera',
    lead: (title, position) =>
      `La sesión ${ES.quote(title)} está completa, por lo que está en la lista de espera` +
      `${position ? `, en la posición ${position}` : ''}. ` +
      'Si se libera una plaza, se le inscribirá automáticamente y se le avisará por correo electrónico.',
  },
  endorsementRequested: {
    subject: (delegate, title) => `Solicitud de aval: ${delegate}, ${title}`,
    heading: 'Un/a delegado/a solicita su aval',
    lead: (delegate, party, title) =>
      `${delegate}, delegado/a de la Parte ${party}, solicita participar en la sesión ${ES.quote(title)}. ` +
      'Como punto focal, avale o rechace esta candidatura.',
    howTo: 'Avale o rechace la candidatura en su página de candidaturas, con su sesión iniciada:',
  },
  declined: {
    subject: (title) => `Inscripción no avalada: ${title}`,
    heading: 'Su inscripción no fue avalada',
    lead: (title) =>
      `Su candidatura a la sesión ${ES.quote(title)} no fue avalada, por lo que su inscripción ha sido rechazada.`,
    reasonGiven: 'El motivo indicado:',
  },
  cancelled: {
    subject: (title) => `Inscripción cancelada: ${title}`,
    heading: 'Su inscripción está cancelada',
    byDelegate: (title) => `Tal como lo solicitó, su inscripción en la sesión ${ES.quote(title)} ha sido cancelada.`,
    byProgramme: (title) => `El programa ha cancelado su inscripción en la sesión ${ES.quote(title)}.`,
  },
  rescheduled: {
    subject: (title) => `Sesión reprogramada: ${title}`,
    heading: 'La sesión tiene un nuevo horario',
    lead: (title) =>
      `La sesión ${ES.quote(title)} ha sido reprogramada. A continuación figuran el nuevo horario y el anterior.`,
    status: {
      CONFIRMED: 'Su plaza sigue confirmada.',
      WAITLISTED: 'Sigue en la lista de espera.',
      PENDING_ENDORSEMENT: 'Su inscripción sigue pendiente de aval.',
    },
  },
  sessionCancelled: {
    subject: (title) => `Sesión cancelada: ${title}`,
    heading: 'La sesión está cancelada',
    lead: (title) => `La sesión ${ES.quote(title)} ha sido cancelada y su inscripción ha terminado.`,
  },
  materialPublished: {
    subject: (material) => `Nuevo material de formación: ${material}`,
    heading: 'Nuevo material de formación',
    lead: (code, title) => `Se ha publicado un material de formación para el módulo ${code} – ${title}.`,
    size: (amount, unit) => `${amount} ${unit}`,
  },
  reminder: {
    subject: (title, when) => `Recordatorio: ${title} comienza ${when}`,
    heading: (when) => `La sesión comienza ${when}`,
    lead: (title, when) => `Le recordamos que la sesión ${ES.quote(title)} comienza ${when}.`,
  },
  assessment: {
    passMark: (mark) => `nota mínima: ${mark}/100`,
    rules:
      'Un módulo se aprueba con una puntuación igual o superior a su nota mínima (sobre 100); aprobar completa su ' +
      'formación y le da derecho a un certificado, que recibirá por correo electrónico. Dispone de hasta tres intentos ' +
      'por módulo y se tiene en cuenta su mejor puntuación.',
    howTo: 'Realícela en el sitio web del programa con el enlace de abajo, con su sesión iniciada.',
  },
  assessmentInvitation: {
    subject: (title) => `Evaluación final del curso: ${title}`,
    heading: 'Realice su evaluación final del curso',
    lead: (title) =>
      `Gracias por participar en la sesión ${ES.quote(title)}. Para completar la formación, realice la evaluación ` +
      'final de cada uno de los módulos indicados a continuación antes de la fecha límite.',
  },
  assessmentReminder: {
    subject: (title, when) => `Evaluación pendiente (vence ${when}): ${title}`,
    heading: (when) => `Su evaluación vence ${when}`,
    lead: (title, when) =>
      `Todavía no ha enviado la evaluación final de la sesión ${ES.quote(title)} para los módulos indicados a ` +
      `continuación. Vence ${when}: realícela antes de la fecha límite para completar la formación.`,
  },
  followUp: {
    subject: (title) => `Seguimiento de su formación: ${title}`,
    heading: '¿Ha aplicado su Parte esta formación?',
    lead: (title) =>
      `Ha pasado un tiempo desde que participó en la sesión ${ES.quote(title)}. ¿Ha aplicado su Parte desde entonces ` +
      'las orientaciones de esta formación, y con qué fines? Su respuesta ayuda a la Secretaría a conocer los ' +
      'resultados del programa y a planificar sus próximas actividades.',
    howTo:
      'Responda en el sitio web del programa con el enlace de abajo, con su sesión iniciada: le llevará unos minutos, ' +
      'y saber que su Parte no las ha aplicado (todavía) es igual de útil.',
  },
  expired: {
    subject: (title) => `Inscripción vencida: ${title}`,
    heading: 'Su inscripción ha vencido',
    lead: (title, waitedFor, cause) => {
      const ended = cause === 'SESSION_COMPLETED' ? 'ha finalizado' : 'ha comenzado';
      return waitedFor === 'SEAT'
        ? `La sesión ${ES.quote(title)} ${ended} sin que quedara libre una plaza para usted, por lo que su inscripción ` +
            'en la lista de espera ha vencido.'
        : `La sesión ${ES.quote(title)} ${ended} antes de que se avalara su candidatura, ` +
            'por lo que su inscripción ha vencido.';
    },
    materials: 'Los materiales de formación de esta sesión, indicados a continuación, siguen a su disposición.',
    noMaterials: 'Todavía no se ha publicado ningún material de formación de esta sesión.',
    next:
      'Puede inscribirse en una de las próximas sesiones del mismo módulo, indicadas a continuación con un enlace a ' +
      'cada una.',
    noNext: 'Todavía no hay otras sesiones programadas de este módulo; las nuevas aparecerán en el catálogo.',
  },
  certificateRevoked: {
    subject: (title) => `Certificado revocado: ${title}`,
    heading: 'Su certificado ha sido revocado',
    lead: (title) =>
      `La Secretaría ha revocado su certificado de la sesión ${ES.quote(title)}: a partir de ahora ya no se reconoce ` +
      'como válido al verificarlo.',
    contact: 'Si cree que se trata de un error, póngase en contacto con la Secretaría del programa.',
  },
  certificateIssued: {
    subject: (title) => `Su certificado: ${title}`,
    heading: 'Enhorabuena: su certificado está listo',
    lead: (title) =>
      `Ha completado la sesión ${ES.quote(title)} y se ha expedido su certificado. Cualquier persona puede comprobar ` +
      'su autenticidad con el código o el enlace de verificación que figuran a continuación.',
    attached: 'El certificado se adjunta a este mensaje en formato PDF.',
  },
  emailVerification: {
    subject: 'Confirme su dirección de correo electrónico',
    heading: 'Confirme su dirección de correo electrónico',
    lead:
      'Se ha creado una cuenta de la plataforma de creación de capacidad del Convenio de Estocolmo con esta ' +
      'dirección. Confirme que es suya con el enlace de abajo para empezar a utilizar la cuenta.',
    action: 'Confirmar mi dirección',
    validUntil: 'Enlace válido hasta',
    once: 'El enlace funciona una sola vez. Si ha caducado, solicite uno nuevo en el sitio web del programa.',
    afterwards: (site) =>
      `Una vez confirmada su dirección, inicie sesión en ${site} con ella y la contraseña que eligió.`,
    notYou: 'Si usted no creó esta cuenta, ignore este mensaje: sin confirmación, la cuenta no se puede utilizar.',
  },
  registrationAttempt: {
    subject: 'Alguien intentó registrarse con su dirección',
    heading: 'Alguien intentó registrarse con su dirección',
    lead:
      'Alguien, quizá usted, intentó crear una cuenta en la plataforma de creación de capacidad del Convenio de ' +
      'Estocolmo con esta dirección de correo electrónico. Ya tiene una cuenta con ella, por lo que no se ha creado ' +
      'ninguna cuenta nueva y nada ha cambiado en la suya.',
    signIn: (site) => `Si fue usted: inicie sesión en ${site} con esta dirección y su contraseña.`,
    forgotten:
      'Si ha olvidado su contraseña, solicite un enlace para elegir una nueva en la página de inicio de sesión del ' +
      'sitio web.',
    notYou: 'Si no fue usted, no tiene que hacer nada: su cuenta y su contraseña no han cambiado.',
  },
  passwordReset: {
    subject: 'Restablezca su contraseña',
    heading: 'Elija una nueva contraseña',
    lead:
      'Alguien, probablemente usted, solicitó restablecer la contraseña de su cuenta en la plataforma de creación de ' +
      'capacidad del Convenio de Estocolmo. Elija una nueva contraseña con el enlace de abajo.',
    action: 'Elegir una nueva contraseña',
    validUntil: 'Enlace válido hasta',
    once:
      'El enlace funciona una sola vez; al utilizarlo se cierra la sesión de su cuenta en todos los dispositivos. ' +
      'Si ha caducado, solicite uno nuevo.',
    notYou: 'Si usted no lo solicitó, ignore este mensaje: su contraseña no cambia.',
  },
};

const CATALOGUE: Record<TextLanguage, MailTexts> = { EN, FR, ES };

export function textsFor(language: TextLanguage): MailTexts {
  return CATALOGUE[language];
}
