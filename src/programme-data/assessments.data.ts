/**
 * Demo questionnaires for `npm start` (SEED_DEMO): a few questions per module on the Convention's text, used as the
 * pre-course and the post-course assessment. Illustrative: trainers replace them with createAssessment.
 */
export interface DemoQuestion {
  prompt: string;
  options: string[];
  correct: number[];
  points: number;
}

export const DEMO_QUESTIONS: Record<string, DemoQuestion[]> = {
  NIP: [
    {
      prompt: 'Under which article of the Stockholm Convention does each Party develop a National Implementation Plan?',
      options: ['Article 5', 'Article 7', 'Article 12', 'Article 15'],
      correct: [1],
      points: 2,
    },
    {
      prompt: 'Within how long of the Convention entering into force for it must a Party transmit its plan to the COP?',
      options: ['One year', 'Two years', 'Four years'],
      correct: [1],
      points: 1,
    },
    {
      prompt: 'Which of these chemicals are listed in Annex A (elimination)?',
      options: ['Aldrin', 'DDT', 'Polychlorinated biphenyls (PCB)', 'PFOS'],
      correct: [0, 2],
      points: 2,
    },
    {
      prompt: 'When new POPs are listed in the annexes, a Party should:',
      options: ['review and update its implementation plan', 'wait for the next reporting cycle', 'nothing'],
      correct: [0],
      points: 1,
    },
  ],
  REPORTING: [
    {
      prompt: 'What does Article 15 ask each Party to report on?',
      options: [
        'The measures it has taken to implement the Convention and their effectiveness',
        'Its national budget',
        'Its trade balance',
      ],
      correct: [0],
      points: 2,
    },
    {
      prompt: 'How often do Parties report under Article 15, as decided by the Conference of the Parties?',
      options: ['Every year', 'Every two years', 'Every four years'],
      correct: [2],
      points: 1,
    },
    {
      prompt: 'Which statistical data does a national report include?',
      options: [
        'Total quantities of production, import and export of Annex A and B chemicals',
        'The States from which they were imported and to which they were exported',
        'The national population',
      ],
      correct: [0, 1],
      points: 2,
    },
  ],
  BAT_BEP: [
    {
      prompt: 'Annex C of the Convention lists:',
      options: ['unintentionally produced POPs', 'pesticides only', 'industrial chemicals only'],
      correct: [0],
      points: 1,
    },
    {
      prompt: 'Which of these are Annex C chemicals?',
      options: ['Dioxins (PCDD)', 'Furans (PCDF)', 'Hexachlorobenzene', 'Endosulfan'],
      correct: [0, 1, 2],
      points: 2,
    },
    {
      prompt: 'The Toolkit helps Parties to:',
      options: [
        'identify and quantify releases of unintentional POPs',
        'register pesticides',
        'trade emission permits',
      ],
      correct: [0],
      points: 1,
    },
  ],
  COORDINATION: [
    {
      prompt: 'Which conventions share a joint Secretariat with the Stockholm Convention?',
      options: ['Basel', 'Rotterdam', 'Minamata', 'Ramsar'],
      correct: [0, 1],
      points: 2,
    },
    {
      prompt: 'Article 9 of the Convention is about:',
      options: ['information exchange', 'the financial mechanism', 'settlement of disputes'],
      correct: [0],
      points: 1,
    },
    {
      prompt: 'A national coordination mechanism for hazardous chemicals brings together:',
      options: [
        'the ministries and stakeholders responsible for chemicals',
        'the environment ministry alone',
        'industry alone',
      ],
      correct: [0],
      points: 1,
    },
  ],
};

/**
 * Demo follow-up questionnaires (FOLLOW_UP), one per module, asked with the follow-up survey months after a session:
 * survey questions, so no correct option and no points. Illustrative, like the questions above.
 */
export const DEMO_FOLLOW_UP_QUESTIONS: Record<string, DemoQuestion[]> = {
  NIP: [
    {
      prompt: "Where is your Party's National Implementation Plan since the training?",
      options: ['Updated and transmitted to the COP', 'Update under way', 'Update planned', 'No update planned yet'],
      correct: [],
      points: 0,
    },
    {
      prompt: 'Which part of the training helped most with the plan?',
      options: ['The inventories of listed chemicals', 'Setting priorities and action plans', 'Costing the plan'],
      correct: [],
      points: 0,
    },
  ],
  REPORTING: [
    {
      prompt: 'Has your Party submitted its national report under Article 15 since the training?',
      options: ['Yes, on time', 'Yes, late', 'Not yet'],
      correct: [],
      points: 0,
    },
    {
      prompt: 'Which part of the report was hardest to complete?',
      options: ['Production, import and export data', 'Measures taken and their effectiveness', 'None'],
      correct: [],
      points: 0,
    },
  ],
  BAT_BEP: [
    {
      prompt: 'Has your Party used the BAT/BEP guidelines or the Toolkit since the training?',
      options: ['For a release inventory', 'For permits or regulations', 'Not yet'],
      correct: [],
      points: 0,
    },
  ],
  COORDINATION: [
    {
      prompt: 'Does your Party have a national coordination mechanism for hazardous chemicals?',
      options: ['Yes, set up since the training', 'Yes, it existed before', 'Being set up', 'No'],
      correct: [],
      points: 0,
    },
  ],
};
