/** Common given names (US/UK census and registry top lists), lower case: a name's evidence, not proof. */
export const GIVEN_NAMES = new Set(
  (
    'james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark donald steven paul andrew joshua ' +
    'kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry justin scott brandon benjamin ' +
    'samuel gregory alexander frank patrick raymond jack dennis jerry tyler aaron jose adam nathan henry douglas zachary peter kyle ethan walter noah ' +
    'jeremy christian keith roger terry gerald harold sean austin carl arthur lawrence dylan jesse jordan bryan billy joe bruce gabriel logan albert ' +
    'willie alan juan wayne elijah randy roy vincent ralph eugene russell bobby mason philip louis mary patricia jennifer linda elizabeth barbara susan ' +
    'jessica sarah karen lisa nancy betty margaret sandra ashley kimberly emily donna michelle carol amanda dorothy melissa deborah stephanie rebecca ' +
    'sharon laura cynthia kathleen amy angela shirley anna brenda pamela emma nicole helen samantha katherine christine debra rachel carolyn janet ' +
    'catherine maria heather diane ruth julie olivia joyce virginia victoria kelly lauren christina joan evelyn judith megan andrea cheryl hannah ' +
    'jacqueline martha gloria teresa ann sara madison frances kathryn janice jean abigail alice judy sophia grace denise amber doris marilyn danielle ' +
    'beverly isabella theresa diana natalie brittany charlotte marie kayla alexis lori elisabeth hudson bess anne muhammad ali maria sofia lucas liam ' +
    'mia ava chloe zoe leo oliver harry george jack charlie freddie arthur alfie isla poppy ella lily hans klaus jurgen pierre jean luc marco giulia'
  ).split(' '),
);

/** Given names of one sex (a subset of GIVEN_NAMES), for fakes that agree with a sex column on their row. */
export const MALE_NAMES = (
  'james john robert michael william david richard joseph thomas charles christopher daniel matthew anthony mark donald steven paul andrew joshua ' +
  'kenneth kevin brian george timothy ronald edward jason jeffrey ryan jacob gary nicholas eric jonathan stephen larry scott benjamin samuel ' +
  'gregory alexander frank patrick raymond jack dennis henry peter walter noah arthur harold carl albert ralph eugene louis oliver harry leo'
).split(' ');
export const FEMALE_NAMES = (
  'mary patricia jennifer linda elizabeth barbara susan jessica sarah karen lisa nancy betty margaret sandra ashley emily donna michelle carol ' +
  'amanda dorothy melissa deborah stephanie rebecca sharon laura cynthia kathleen amy angela shirley anna helen emma nicole samantha katherine ' +
  'christine rachel catherine maria ruth julie olivia joyce virginia victoria alice grace charlotte sophia isabella ella lily mia chloe'
).split(' ');

export const SURNAMES = new Set(
  (
    'smith johnson williams brown jones garcia miller davis rodriguez martinez hernandez lopez gonzalez wilson anderson thomas taylor moore jackson ' +
    'martin lee perez thompson white harris sanchez clark ramirez lewis robinson walker young allen king wright scott torres nguyen hill flores green ' +
    'adams nelson baker hall rivera campbell mitchell carter roberts muller schmidt schneider fischer weber meyer wagner becker schulz hoffmann dupont ' +
    'durand bernard dubois rossi russo ferrari esposito bianchi romano allison andrews'
  ).split(' '),
);

/** Lower-case words inside surnames (`Oliva y Ocana`, `van der Hoef`, `del Carlo`). */
export const NAME_PARTICLES = new Set('y e de del della der den van von da di du dos das la le of the bin al'.split(' '));

/** Titles that go before a person's name (English, French, Spanish, Dutch and German registers), lower case. */
export const HONORIFICS = new Set(
  'mr mrs miss ms mx mme mlle master dr prof rev sir dame lady lord don dona sr sra srta herr frau fr col capt major jonkheer'.split(' '),
);
