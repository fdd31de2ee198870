import { chooseImage, configuredImages, imageOptionsForm } from './docker-images';

const settings = {
  image: 'orrery/singleuser-base:local',
  allowed_images: { Learner: 'orrery/learner:local', Grader: 'orrery/grader:local' },
  image_by_group: { instructors: 'orrery/instructor:local', graders: 'orrery/grader:local' },
};

describe('chooseImage', () => {
  it.each([
    ['the user choice, from the API', { image: 'Grader' }, [], 'orrery/grader:local'],
    ['the user choice, from the form', { image: ['Learner'] }, ['graders'], 'orrery/learner:local'],
    [
      'the first configured group the user is in',
      {},
      ['graders', 'instructors'],
      'orrery/instructor:local',
    ],
    ['image without a choice or a group', {}, ['others'], 'orrery/singleuser-base:local'],
  ])('takes %s', (_label, options, groups, image) => {
    expect(chooseImage(settings, options, groups)).toBe(image);
  });

  it('refuses an image that is not allowed, and any choice when none is allowed', () => {
    expect(() => chooseImage(settings, { image: 'evil/miner' }, [])).toThrow(
      'Image evil/miner not in allowed list: Learner, Grader',
    );
    expect(() =>
      chooseImage({ ...settings, allowed_images: [] }, { image: 'orrery/learner:local' }, []),
    ).toThrow('Specifying image to launch is not allowed');
  });

  it("allows any image with '*'", () => {
    expect(chooseImage({ ...settings, allowed_images: '*' }, { image: 'x/y:1' }, [])).toBe('x/y:1');
  });
});

describe('configuredImages', () => {
  it('lists image, allowed images and group images once each', () => {
    expect(configuredImages(settings)).toEqual([
      'orrery/singleuser-base:local',
      'orrery/learner:local',
      'orrery/grader:local',
      'orrery/instructor:local',
    ]);
  });
});

describe('imageOptionsForm', () => {
  it('offers a choice of two or more images, and no form for fewer', () => {
    const form = imageOptionsForm(settings);
    expect(form).toContain('<select class="form-control" id="image" name="image"');
    expect(form).toContain('<option value="Grader">Grader</option>');
    expect(imageOptionsForm({ ...settings, allowed_images: ['only/one'] })).toBe('');
  });
});
